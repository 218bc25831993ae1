const _ = require('lodash');
const { str, sw, num } = require('./swift.js');
let seed = 42; function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
const fixed = [0, -0, 1, -1, 0.1, 0.2 + 0.1, 1 / 3, 100, 123.456, 1e21, 1e20, 123456789012345680000, 1.5e21, 1e-6, 1e-7, 1.5e-7, 0.000001234,
  5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, -1e-7, 4.35, 0.5, 1e100, 1.2e-100, NaN, Infinity, -Infinity, 9007199254740993,
  25, 1.25, 123e-20, 1e15, 1e16, 1e17, 12345678901234567890, 0.1 * 3, 2 / 3 * 1e10, 299792458, -273.15, 6.02214076e23];
const nums = fixed.slice();
for (let i = 0; i < 60; i++) {
  const e = Math.floor(rnd() * 60) - 30;
  nums.push(Number(((rnd() * 2 - 1) * Math.pow(10, e)).toPrecision(1 + Math.floor(rnd() * 17))));
}
function bits(x) { if (!Number.isFinite(x) || Object.is(x, -0)) return num(x); const b = new BigUint64Array(new Float64Array([x]).buffer)[0]; return `Double(bitPattern: 0x${b.toString(16).padStart(16, '0')})`; }
const numberRows = nums.map(x => `        (${bits(x)}, ${str(String(x))}),`);
const strings = ['', ' ', '12', ' 12 ', '\n\t12\u00a0\u3000', '1e3', '1E3', '1e', '.5', '5.', '+.5', '-.5e-3', '.', '+', '-', '0x1F', '0X1f', '0x',
  '-0x1F', '0b101', '0B2', '0o17', '0o8', 'Infinity', '-Infinity', '+Infinity', 'infinity', 'inf', 'NaN', '1_000', '1,5', '12px',
  '00012', '-0', '1e400', '-1e400', '1e-400', '0.1', '9007199254740993', '\u0661', '１２', '0xFFFFFFFFFFFFF', '1 2', '--1', 'e5'];
const stringRows = strings.map(s => `        (${str(s)}, ${num(Number(s))}),`);
const values = [undefined, null, true, false, 5, -0, 1e21, '', 'x', [], [5], [1, 2], [null], [[1, 2], [3]], [null, 'a', [null]],
  {}, { a: 1 }, [{}], [true, -0]];
const valueRows = values.map(v => `        (${sw(v)}, ${str(String(v))}, ${num(+v)}, ${str(_.toString(v))}),`);
const otherRoots = [[[1, [2, 3]], '1[0]'], ['abc', '1'], ['abc', 'length'], ['abc', '01'], [5, 'toFixed'], [null, 'a'], [{ 'a.b': { c: 1 } }, 'a.b.c'],
  [{ 'a.b': { c: 1 } }, "['a.b'].c"], [[[1, 2]], '[0][1]'], [[[1, 2]], '0.1'], [true, 'length'], [{ a: [] }, 'a.length'], [{ a: {} }, 'a.length'],
  [{ length: 7 }, 'length'], [[], '0'], [{ 'a]': 1 }, 'a]'], [{ 'a[': 1 }, 'a['], [{ '[1]': 'k' }, '[1]'], [['x'], '[0]'], [{ ' ': 1 }, ' ']];
const rootRows = otherRoots.map(([r, p]) => `        (${sw(r)}, ${str(p)}, ${sw(_.get(r, p) === undefined || typeof _.get(r,p) === 'function' ? undefined : _.get(r, p))}),`);
console.log(JSON.stringify({ numberRows, stringRows, valueRows, rootRows }, null, 1));
