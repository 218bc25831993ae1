const _ = require('lodash');
const { str, sw } = require('./swift.js');
const U = undefined, D = 'e\u0301';
const pool = [U, null, true, 0, -0, 3, 5, NaN, '5', '10', 'abc', 'abd', '', [5], [1, 2], {}];
const cases = [];
for (const a of pool) for (const b of pool) cases.push(['gt', a, b]);
const rel = [[5,3],[3,5],[5,5],['5',3],['10','5'],['10',5],[[5],3],[[5],[3]],[{},1],[null,0],[U,0],[null,U],[true,1],[false,0],
  ['',0],[' 12 ',12],['\n\t12\u00a0',12],['0x1F',31],['0b101',5],['0o17',15],['1e3',1000],['abc','abd'],['B','a'],['\u00e9',D],[NaN,NaN],[-0,0],
  [[1,2],1],[[],0],[[null],0],[['3'],'3'],[[['4']],4],['Infinity',1e308],['-0x1F',-31],['1_000',1000],['.5',0.5],['5.',5],['+.5e1',5],
  ['12px',12],['\ud83d\ude00','\uffff'],[[true],1],['-Infinity',-1e308],['infinity',1]];
for (const op of ['gte', 'lt', 'lte']) for (const [a, b] of rel) cases.push([op, a, b]);
const eq = [[1,1],[1,'1'],[NaN,NaN],[-0,0],[null,U],[null,null],[U,U],['\u00e9',D],['a','a'],[{},{}],[[1],[1]],[true,1],[true,true],
  ['',0],[false,null],['abc','abc'],[0,null],[[],[]]];
for (const [a, b] of eq) cases.push(['eq', a, b]);
const isEqual = [[{a:1,b:[1,2]},{b:[1,2],a:1}],[[1,2],[2,1]],[{a:1},{a:1,b:null}],[[1,[2,{c:3}]],[1,[2,{c:3}]]],[NaN,NaN],[-0,0],
  ['1',1],[null,U],[{},[]],[[],[]],[{},{}],['\u00e9',D],[{a:{b:[]}},{a:{b:{}}}],[[1,2],[1,2,3]],[{a:{b:{c:'x'}}},{a:{b:{c:'x'}}}],
  [{a:1},{b:1}],[null,null],[U,U],[5,5],['abc','abc'],[[null],[null]],[{length:0},[]]];
for (const [a, b] of isEqual) cases.push(['isEqual', a, b]);
const includes = [['hello','ell'],['hello',''],['hello','x'],['a,b',['a','b']],['undefined',U],['null',null],['[object Object]',{}],
  ['1.5e+21',1.5e21],['abc5',5],['true',true],[[1,2,3],2],[[1,2,3],'2'],[[NaN],NaN],[[{a:1}],{a:1}],[[[1]],[1]],[[null],null],
  [[null],U],[{a:1,b:'x'},'x'],[{a:1},'a'],[{length:2,'0':'a'},'a'],[{length:2,'0':'a'},U],[{length:1,'0':'a'},U],
  [{length:0,a:1},1],[{length:'2','0':'a'},'a'],[{length:1.5,'0':'a'},'a'],[{length:2,'0':'a',x:'b'},'b'],[5,5],[null,null],[U,U],
  [true,true],[[-0],0],['h\u00e9llo','\u00e9'],['h\u00e9llo',D],['\ud83d\ude00x','x'],['abc',['b']],['a1,2b',[1,2]],['x',null],['',''],
  [[],U],[{},U]];
for (const [a, b] of includes) cases.push(['includes', a, b]);
const sw_ = [['hello','he'],['hello','lo'],['hello',''],[null,''],[U,''],[null,'null'],['nullable',null],['undefined!',U],
  ['!undefined',U],['-0',-0],['0',-0],[12345,12],[12345,'45'],[[1,2,3],'1,2'],[[1,2,3],'2,3'],[[null,1],'null'],[[1,null],'null'],
  [{},'[object'],[{},'Object]'],[true,'tr'],['abc',['a','b']],['a,bc',['a','b']],['bc,a',['b','c']],[1e21,'1e+21'],[0.000001,'0.000001'],
  [1e-7,'1e-7'],['hello',5],['5 apples',5],['apples 5',5],['h\u00e9',D],[[[1,2],3],'1,2,3'],[[-0],'-0'],['x-0',-0],['',''],['',U]];
for (const [a, b] of sw_) { cases.push(['startsWith', a, b]); cases.push(['endsWith', a, b]); }
const has = [[{a:{b:1}},'a.b'],[{a:{b:1}},'a.c'],[{a:{b:1}},['a','b']],[{'a.b':1},'a.b'],[{'a.b':1},['a.b']],[{a:[1,2]},'a[1]'],
  [{a:[1,2]},'a[2]'],[{a:[1,2]},'a.length'],[[1,2],0],[[1,2],'1'],[[1,2],2],[[1,2],'length'],[[1,2],'01'],['abc',1],['abc','length'],['abc',3],
  [{a:null},'a'],[{a:null},'a.b'],[{},'constructor'],[{},'toString'],[{},'__proto__'],[null,'a'],[U,'a'],[{'null':1},null],[{'undefined':1},U],
  [{'true':1},true],[{'5':1},5],[{'-0':1},-0],[{'0':1},-0],[{'a,b':1},[['a','b']]],[{'[object Object]':1},{}],[{'object Object':1},{}],
  [{a:{b:1}},[]],[{a:1},''],[{'':1},''],[5,'toFixed'],[{a:[{b:1}]},'a[0].b'],[{a:[{b:1}]},'a.0.b'],[{a:{'':{b:1}}},'a..b'],
  [{a:{b:'xyz'}},'a.b.length'],[{a:{b:'xyz'}},'a.b[2]'],[{a:{b:'xyz'}},'a.b[3]'],[{a:{b:1}},['a',['b']]],[{a:{'1':1}},['a',1]],
  [{a:1},'a.b.c'],[{'a[0]':1},'a[0]'],[{a:[1]},'a[0]'],[true,'valueOf']];
for (const [a, b] of has) cases.push(['has', a, b]);
const isMatch = [[{a:1,b:2},{a:1}],[{a:1},{a:1,b:2}],[{a:{b:1,c:2}},{a:{b:1}}],[{a:[1,2,3]},{a:[3,1]}],[{a:[1,2,3]},{a:[1,1]}],
  [{a:[1,2]},{a:[1,2,3]}],[{a:[{x:1,y:2},{x:3}]},{a:[{x:3}]}],[[1,2,3],[1]],[[1,2,3],[2]],[[1,2,3],[1,2,3,4]],['abc','ab'],['abc','b'],
  ['abc',['a']],[[1,2],{length:2}],['abc',{length:3}],[{a:1},{}],[{a:1},null],[{a:1},5],[null,{}],[null,{a:1}],[U,U],[5,5],[5,6],
  [{a:1},{a:'1'}],[{a:null},{a:null}],[{},{a:null}],[{a:[1]},{a:[]}],[{a:{}},{a:[]}],[{a:[]},{a:{}}],[{a:'abc'},{a:'abc'}],
  [{a:{b:[1,[2,3]]}},{a:{b:[[3]]}}],[{a:[1,2]},{a:{'0':1}}],[{a:5},{a:{}}],['abc',{'0':'a'}],[[{a:1}],[{}]],[{a:[[1,2],[3]]},{a:[[3],[1]]}],
  [{a:[1,2]},{a:[2,2]}],[{a:[{b:1},{b:1,c:2}]},{a:[{b:1,c:2},{b:1}]}],[{a:{b:{c:{d:1}}}},{a:{b:{c:{}}}}],[{a:1},'a'],[{'0':'a'},'a'],
  [{},{constructor:{}}],[{},{toString:1}],[{a:[1,2]},{a:{length:2}}],[{a:-0},{a:0}],[{a:'\u00e9'},{a:D}],[5,{}],[5,{a:1}],['',{length:0}],
  [true,[]],[[1,[2]],[1,[2]]],[[[1,2]],[[2]]],[[1,2],[1,2]]];
for (const [a, b] of isMatch) cases.push(['isMatch', a, b]);
const inRange = [[3,5],[5,5],[0,5],[-1,5],[-3,-5],[-5,-5],[0,-5],[3,'5'],[3,null],[3,U],[0,U],[3,NaN],['3',5],[[3],5],[3,Infinity],
  [-3,-Infinity],[1e308,Infinity],[Infinity,Infinity],[3,[5]],[3,'abc'],[2.5,3],[NaN,5],[null,5],[U,5],[true,2],[-0,1],[3,{}],[0.5,true],
  [0,false],[-0,-0],[4.999,5],['',1],[' 2 ','3'],[[],1],[{},1]];
for (const [a, b] of inRange) cases.push(['inRange', a, b]);
const unary = [null, U, 0, 1, NaN, true, false, '', 'a', ' ', [], [0], [null], {}, {a:1}, {length:0}, {'':null}];
for (const a of unary) { cases.push(['isEmpty', a, U]); cases.push(['isNil', a, U]); }
cases.push(['isEmpty', [], [1]], ['isEmpty', 'x', ''], ['isNil', 0, null], ['isNil', null, 1]);
const rows = cases.map(([op, a, b]) => `        .init(.${op}, ${sw(a)}, ${sw(b)}, ${_[op](a, b)}),`);
console.log(rows.join('\n'));
console.error(rows.length, 'cases');
