// Helpers that print JavaScript values as Swift source.
function str(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += s[i] + s[i + 1]; i++; continue; }
    }
    if (c >= 0xd800 && c <= 0xdfff) throw new Error('lone surrogate in ' + JSON.stringify(s));
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xa0 || c===0x3000 || (c>=0x2000&&c<=0x200a)) out += '\\u{' + c.toString(16) + '}';
    else out += ch;
  }
  return out + '"';
}
function num(x) {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.infinity';
  if (x === -Infinity) return '-.infinity';
  if (Object.is(x, -0)) return '-0.0';
  return String(x);
}
function sw(v) {
  if (v === undefined) return 'nil';
  if (v === null) return '.null';
  if (typeof v === 'boolean') return `.bool(${v})`;
  if (typeof v === 'number') return `.number(${num(v)})`;
  if (typeof v === 'string') return `.string(${str(v)})`;
  if (Array.isArray(v)) return `.array([${v.map(sw).join(', ')}])`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    return `.object([${keys.length ? keys.map(k => `${str(k)}: ${sw(v[k])}`).join(', ') : ':'}])`;
  }
  throw new Error('not JSON: ' + typeof v);
}
function isJSON(v) {
  if (v === undefined || v === null) return true;
  const t = typeof v;
  if (t === 'boolean' || t === 'number' || t === 'string') return true;
  if (Array.isArray(v)) return v.every(isJSON) && Object.getPrototypeOf(v) === Array.prototype;
  if (t === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(isJSON);
  return false;
}
module.exports = { str, num, sw, isJSON };
