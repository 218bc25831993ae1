const _ = require('lodash');
const { str, sw, isJSON } = require('./swift.js');
const fixtureText = String.raw`{
 "id": "r-1",
 "data": {
   "user": {"age": 42, "name": "Zoë", "tags": ["a", "b"], "address": null},
   "items": [{"price": 9.5}, {"price": 12, "sku": "X-1"}],
   "a.b": 1, "": "empty key", "0": "zero key", "10": "ten key",
   "q'k": 2, "d\"q": 3, "back\\slash": 4, "sp ace": 5, "[0]": "bracket key",
   "emoji": "😀x", "text": "héllo", "flag": true, "n": 5,
   "nested": [[1, 2], [3, [4, 5]]],
   "__proto__": {"polluted": "no"},
   "x": {"y": {"z": "deep"}}, "a": {"b": "not the dotted key"}
 },
 "data.user.age": "shadowing key",
 "list": [10, 20, 30],
 "a[0]": "bracketed root key",
 "empty": "", "zero": 0, "nil": null
}`;
const root = JSON.parse(fixtureText);
const parsePaths = [
  'a', 'a.b.c', 'a[0].b', 'a[0][1]', 'a[-1]', 'a[1.5]', 'a[01]', "a['b.c']", 'a["b.c"]', "a['it\\'s']",
  'a["say \\"hi\\""]', "a['back\\\\slash']", "a['x\\ny']", '.a', '..a', 'a.', 'a..b', 'a[].b', '[]', '[0]',
  'a[b]', 'a[b].c', 'a]b', 'a[', '[a', "['a']['b']", "a['']", 'a[ 0 ]', 'a[-0]', '', '.', 'a.b[0].c["d"].e',
  "a['unclosed", "a['mixed\"]", 'a[1e3]', 'a[+1]', 'data.items[0].price', 'data.user.tags[1]', 'a.[0]', 'a.0.b',
  'ü.ñ[0]', '😀.x', 'a b.c d', 'a[\'b\']c', 'a[0]b', 'a\\.b',
];
const getPaths = [
  'id', 'data', 'data.user.age', 'data.user.name', 'data.user.tags[0]', 'data.user.tags.1', 'data.user.tags[2]',
  'data.user.tags.length', 'data.user.tags[-1]', 'data.user.tags[01]', 'data.user.tags["0"]', 'data.user.address',
  'data.user.address.street', 'data.items[0].price', 'data.items[1].sku', 'data.items[1]["sku"]', 'data.items.1.price',
  'data.items[2].price', 'data.items.length', 'data.a.b', "data['a.b']", 'data["a.b"]', 'data[""]', 'data.',
  'data[0]', 'data.0', 'data[10]', 'data.10', "data['q\\'k']", 'data["d\\"q"]', "data['back\\\\slash']", 'data.sp ace',
  "data['[0]']", 'data.[0]', 'data.emoji.length', 'data.emoji[0].length', 'data.emoji[2]', 'data.emoji[3]', 'data.text[1]',
  'data.text.length', 'data.flag', 'data.flag.length', 'data.n.toFixed', 'data.constructor', 'data.user.constructor',
  'data.user.tags.push', 'data.text.toUpperCase', 'data.__proto__', 'data.__proto__.polluted', 'data.hasOwnProperty',
  'data.nested[1][1][0]', 'data.nested.1.1.1', 'data.nested[0].length', 'data.x.y.z', 'data.x.y.z.length', 'data.x["y"].z',
  'data.user.age.value', 'data.missing', 'data.missing.deeper', 'data.user.tags[0][0]', 'data.user.tags[0].length',
  'data.user.age', 'list[0]', 'list.2', 'list[3]', 'list.length', 'a[0]', 'empty', 'empty.length', 'zero', 'nil', 'nil.x',
  '', 'constructor', 'toString', 'missing', '.id', '[id]', "['id']", 'list[0.0]', 'list[1.5]', 'data.user["age"]',
  'data.items[0]', 'data.user.tags',
];
const parseRows = parsePaths.map(p => `        (${str(p)}, [${_.toPath(p).map(str).join(', ')}]),`);
const getRows = getPaths.map(p => {
  const v = _.get(root, p);
  if (!isJSON(v)) return `        (${str(p)}, nil),  // JavaScript: ${typeof v === 'function' ? 'a function' : 'a non-JSON object'} from a prototype`;
  return `        (${str(p)}, ${sw(v)}),`;
});
console.log(JSON.stringify({ fixture: sw(root), parseRows, getRows }, null, 1));
