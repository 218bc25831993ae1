const m = require('moment-timezone');
const { str, num } = require('./swift.js');
const out = {};
// ---- add
const addCases = [
  ['2026-03-28T02:30:00+01:00', 'Europe/Paris', 1, 'day'], ['2026-03-28T12:00:00+01:00', 'Europe/Paris', 1, 'day'],
  ['2026-03-28T12:00:00+01:00', 'Europe/Paris', 24, 'hours'], ['2026-03-28T02:30:00+01:00', 'Europe/Paris', 24, 'h'],
  ['2026-10-24T02:30:00+02:00', 'Europe/Paris', 1, 'd'], ['2026-10-26T02:30:00+01:00', 'Europe/Paris', -1, 'd'],
  ['2026-10-24T12:00:00+02:00', 'Europe/Paris', 1, 'days'], ['2026-10-24T12:00:00+02:00', 'Europe/Paris', 1, 'w'],
  ['2026-01-29T02:30:00+01:00', 'Europe/Paris', 2, 'months'], ['2025-10-25T02:30:00+02:00', 'Europe/Paris', 1, 'year'],
  ['2026-03-29T03:30:00+02:00', 'Europe/Paris', -1, 'hour'], ['2026-03-29T01:59:59.999+01:00', 'Europe/Paris', 1, 'ms'],
  ['2026-03-29T00:00:00+01:00', 'Europe/Paris', 1.5, 'h'], ['2026-03-22T02:30:00+01:00', 'Europe/Paris', 1, 'week'],
  ['2026-02-28T02:30:00+01:00', 'Europe/Paris', 1, 'M'], ['2026-10-25T02:30:00+01:00', 'Europe/Paris', 1, 'd'],
  ['2026-03-07T02:30:00-05:00', 'America/New_York', 1, 'd'], ['2026-10-31T01:30:00-04:00', 'America/New_York', 1, 'd'],
  ['2026-11-02T01:30:00-05:00', 'America/New_York', -1, 'd'], ['2026-03-08T00:00:00-05:00', 'America/New_York', 3, 'hours'],
  ['2026-01-31T10:00:00-05:00', 'America/New_York', 1, 'M'], ['2024-01-31T10:00:00-05:00', 'America/New_York', 1, 'month'],
  ['2024-02-29T10:00:00-05:00', 'America/New_York', 1, 'y'], ['2024-02-29T10:00:00-05:00', 'America/New_York', 4, 'years'],
  ['2024-02-29T10:00:00-05:00', 'America/New_York', -1, 'y'], ['2024-02-29T10:00:00-05:00', 'America/New_York', 12, 'M'],
  ['2026-03-31T10:00:00-04:00', 'America/New_York', -1, 'M'], ['2026-03-31T10:00:00-04:00', 'America/New_York', 1, 'Q'],
  ['2026-03-31T10:00:00-04:00', 'America/New_York', 0.5, 'y'], ['2026-05-31T10:00:00-04:00', 'America/New_York', 1, 'M'],
  ['2026-01-31T23:30:00-05:00', 'America/New_York', 1, 'M'], ['2026-12-31T23:59:59.999-05:00', 'America/New_York', 1, 'ms'],
  ['2026-10-03T02:10:00+10:30', 'Australia/Lord_Howe', 1, 'd'], ['2026-04-04T01:45:00+11:00', 'Australia/Lord_Howe', 1, 'd'],
  ['2026-04-06T01:45:00+10:30', 'Australia/Lord_Howe', -1, 'd'], ['2026-10-03T12:00:00+10:30', 'Australia/Lord_Howe', 1, 'd'],
  ['2026-10-03T12:00:00+10:30', 'Australia/Lord_Howe', 24, 'h'], ['2026-04-04T12:00:00+11:00', 'Australia/Lord_Howe', 1, 'd'],
  ['2026-09-04T02:15:00+10:30', 'Australia/Lord_Howe', 1, 'M'], ['2026-04-04T01:45:00+11:00', 'Australia/Lord_Howe', 30, 'm'],
  ['2026-01-07T09:00:00Z', 'UTC', 1.5, 'd'], ['2026-01-07T09:00:00Z', 'UTC', 0.5, 'd'], ['2026-01-07T09:00:00Z', 'UTC', 0.49, 'd'],
  ['2026-01-07T09:00:00Z', 'UTC', -1.5, 'd'], ['2026-01-07T09:00:00Z', 'UTC', 2.5, 'd'], ['2026-01-07T09:00:00Z', 'UTC', -2.5, 'd'],
  ['2026-01-07T09:00:00Z', 'UTC', 0.5, 'w'], ['2026-01-07T09:00:00Z', 'UTC', 1.5, 'M'], ['2026-01-07T09:00:00Z', 'UTC', 0.1, 'y'],
  ['2026-01-07T09:00:00Z', 'UTC', 0.25, 'Q'], ['2026-01-07T09:00:00Z', 'UTC', 1.5, 'h'], ['2026-01-07T09:00:00Z', 'UTC', 0.1, 'h'],
  ['2026-01-07T09:00:00Z', 'UTC', 2.5, 's'], ['2026-01-07T09:00:00Z', 'UTC', 0.0004, 's'], ['2026-01-07T09:00:00Z', 'UTC', 1.9, 'ms'],
  ['2026-01-07T09:00:00Z', 'UTC', -1.9, 'ms'], ['2026-01-07T09:00:00Z', 'UTC', 1e-10, 'd'], ['2026-01-07T09:00:00Z', 'UTC', 0, 'M'],
  ['2026-01-07T09:00:00Z', 'UTC', 1 / 3, 'minutes'], ['2026-01-07T09:00:00Z', 'UTC', -0.5, 'M'], ['2026-01-07T09:00:00Z', 'UTC', 1000, 'y'],
  ['1969-12-31T23:59:59.999Z', 'UTC', 0.5, 'ms'], ['2026-01-07T09:00:00Z', 'UTC', 21, 'days'], ['2026-01-07T09:00:00Z', 'UTC', 7, 'quarters'],
  ['2026-01-07T09:00:00Z', 'Asia/Kolkata', 1, 'M'], ['2026-01-07T09:00:00Z', 'Asia/Kathmandu', 2.5, 'minutes'],
];
out.addRows = addCases.map(([s, tz, amount, unit]) => {
  const start = m.tz(s, tz), r = start.clone().add(amount, unit);
  let expected = r.valueOf(), note = '';
  const calendar = ['year','quarter','month','week','isoWeek','day'].includes(m.normalizeUnits(unit));
  if (calendar) {
    const compatible = m.tz(r.format('YYYY-MM-DDTHH:mm:ss.SSS'), tz).valueOf();
    if (compatible !== expected) { note = ` // moment-timezone: ${r.toISOString()} (${r.format()})`; expected = compatible; }
  }
  return `        .init(${str(s)}, ${start.valueOf()}, ${str(tz)}, ${num(amount)}, ${str(unit)}, ${expected}),  // ${m(expected).tz(tz).format('YYYY-MM-DDTHH:mm:ss.SSSZ')}${note}`;
});
// ---- unit aliases
const names = ['y','Y','year','years','YEARS','Year','Q','q','quarter','quarters','M','month','months','MONTHS','Month','w','W','week','weeks',
  'isoWeek','isoweeks','ISOWEEK','d','D','day','days','DAYS','date','dates','e','E','weekday','isoWeekday','DDD','ddd','dayOfYear','h','H','hour','hours',
  'Hours','m','minute','minutes','MINUTE','s','S','second','seconds','ms','MS','Ms','millisecond','milliseconds','fortnight','mo','','yr',
  'gg','GG','Gg','weekYear','isoWeekYear','constructor','toString','__proto__','days ','hasOwnProperty','mm','MM','hh','HH','dd','DD','ss','WW','ww','QQ'];
const base = m.utc('2026-01-31T10:00:00Z');
out.aliasRows = names.map(n => {
  const r = base.clone().add(2, n);
  const norm = m.normalizeUnits(n);
  let getter = base.get(n); getter = typeof getter === 'number' ? getter : null;
  return `        .init(${str(n)}, ${typeof norm === 'string' ? str(norm) : 'nil'}, ${r.valueOf()}, ${getter === null ? 'nil' : getter}),`;
});
out.aliasBase = base.valueOf();
// ---- getters
const getterNames = ['year','quarter','month','week','isoWeek','isoWeekday','day','weekday','date','dayOfYear','hour','minute','second','millisecond','weekYear','isoWeekYear'];
const instants = [['2026-01-01T00:30:00Z','UTC'],['2026-01-01T00:30:00Z','Europe/Paris'],['2026-01-01T00:30:00Z','America/New_York'],
  ['2026-12-31T23:59:59.999Z','UTC'],['2027-01-01T12:00:00Z','UTC'],['2024-12-30T12:00:00Z','UTC'],['2021-01-03T12:00:00Z','UTC'],
  ['2026-03-29T01:30:00Z','Europe/Paris'],['2026-10-25T00:30:00Z','Europe/Paris'],['2026-10-25T01:30:00Z','Europe/Paris'],
  ['2026-10-03T15:45:00Z','Australia/Lord_Howe'],['2024-02-29T13:14:15.016Z','Asia/Kathmandu'],['2020-12-31T23:00:00Z','Pacific/Kiritimati'],
  ['1999-12-31T23:59:59Z','America/Los_Angeles'],['2016-01-02T00:00:00Z','UTC'],['2010-01-03T05:00:00Z','America/New_York']];
out.getterRows = [];
for (const [s, tz] of instants) for (const g of getterNames) {
  const d = m.tz(s, tz);
  out.getterRows.push(`        .init(${d.valueOf()}, ${str(tz)}, .${g}, ${d.get(g)}),  // ${d.format('YYYY-MM-DDTHH:mm:ss.SSSZ ddd')}`);
}
// ---- nextInstant by brute force
function brute(startIso, tz, getter, values, limitIso) {
  const start = m.utc(startIso).valueOf(), limit = m.utc(limitIso).valueOf();
  const step = getter === 'millisecond' ? 1 : getter === 'second' ? 1000 : getter === 'minute' ? 60000 : 900000;
  let t = start;
  while (t < limit) {
    if (values.includes(m.tz(t, tz).get(getter))) return t;
    t = Math.floor(t / step) * step + step;
  }
  return null;
}
const next = [
  ['2026-03-28T10:00:00Z','Europe/Paris','hour',[9],'2026-04-28T00:00:00Z'], ['2026-03-28T12:00:00Z','Europe/Paris','hour',[2],'2026-04-28T00:00:00Z'],
  ['2026-10-24T12:00:00Z','Europe/Paris','hour',[2],'2026-11-28T00:00:00Z'], ['2026-03-29T00:30:00Z','Europe/Paris','hour',[3],'2026-04-28T00:00:00Z'],
  ['2026-03-29T00:30:00Z','Europe/Paris','hour',[0],'2026-03-29T12:00:00Z'], ['2026-01-07T08:15:00Z','Europe/Paris','hour',[9],'2026-02-01T00:00:00Z'],
  ['2026-01-07T08:15:00Z','Europe/Paris','hour',[9, 8, 17],'2026-01-07T08:45:00Z'], ['2026-01-07T08:15:00Z','Europe/Paris','hour',[10],'2026-01-07T08:45:00Z'],
  ['2026-04-04T14:45:00Z','Australia/Lord_Howe','minute',[30],'2026-04-05T00:00:00Z'], ['2026-10-03T15:20:00Z','Australia/Lord_Howe','minute',[15],'2026-10-05T00:00:00Z'],
  ['2026-04-04T15:00:00Z','Australia/Lord_Howe','hour',[1],'2026-04-05T00:00:00Z'], ['2026-04-04T14:00:00Z','Australia/Lord_Howe','hour',[2],'2026-04-06T00:00:00Z'],
  ['2026-10-03T15:00:00Z','Australia/Lord_Howe','hour',[2],'2026-10-06T00:00:00Z'],
  ['2026-11-01T12:00:00Z','America/New_York','day',[1],'2026-12-01T00:00:00Z'], ['2026-11-01T12:00:00Z','America/New_York','isoWeekday',[5, 6],'2026-12-01T00:00:00Z'],
  ['2026-03-15T00:00:00Z','UTC','month',[0],'2028-01-01T00:00:00Z'], ['2026-02-01T00:00:00Z','UTC','date',[31],'2026-12-01T00:00:00Z'],
  ['2026-01-01T00:00:00Z','UTC','dayOfYear',[366],'2029-01-01T00:00:00Z'], ['2026-01-01T00:00:00Z','UTC','isoWeek',[53],'2027-06-01T00:00:00Z'],
  ['2026-12-01T00:00:00Z','UTC','week',[1],'2027-06-01T00:00:00Z'], ['2026-12-01T00:00:00Z','UTC','weekYear',[2027],'2027-06-01T00:00:00Z'],
  ['2026-12-01T00:00:00Z','UTC','isoWeekYear',[2027],'2027-06-01T00:00:00Z'], ['2026-06-01T00:00:00Z','Europe/Paris','year',[2028],'2029-01-01T00:00:00Z'],
  ['2026-01-15T00:00:00Z','America/New_York','quarter',[3],'2027-01-01T00:00:00Z'], ['2026-01-07T09:00:00.500Z','UTC','second',[0],'2026-01-07T10:00:00Z'],
  ['2026-01-07T09:00:00.998Z','UTC','millisecond',[0],'2026-01-07T09:00:02Z'], ['2026-01-07T09:00:00.998Z','UTC','millisecond',[999, 5],'2026-01-07T09:00:02Z'],
  ['2026-01-07T09:00:00Z','Europe/Paris','hour',[9],'2026-01-07T09:30:00Z'], ['2026-01-07T09:00:00Z','Europe/Paris','month',[5],'2026-03-01T00:00:00Z'],
  ['2026-01-07T09:00:00Z','Asia/Kathmandu','minute',[0],'2026-01-08T00:00:00Z'], ['2026-01-07T09:00:00Z','Asia/Kathmandu','hour',[0],'2026-01-09T00:00:00Z'],
  ['2026-03-01T00:00:00Z','Europe/Paris','week',[14],'2026-05-01T00:00:00Z'], ['2026-03-29T00:59:00Z','Europe/Paris','minute',[0],'2026-03-30T00:00:00Z'],
  ['2026-10-25T00:59:00Z','Europe/Paris','minute',[0],'2026-10-26T00:00:00Z'], ['2026-10-25T00:30:00Z','Europe/Paris','hour',[2],'2026-10-26T00:00:00Z'],
  ['2026-10-25T00:30:00Z','Europe/Paris','hour',[3],'2026-10-26T00:00:00Z'],
];
out.nextRows = next.map(([s, tz, g, values, limit]) => {
  const r = brute(s, tz, g, values, limit);
  return `        .init(${m.utc(s).valueOf()}, ${str(tz)}, .${g}, [${values.join(', ')}], ${m.utc(limit).valueOf()}, ${r === null ? 'nil' : r}),  // ${s} → ${r === null ? 'none' : m.tz(r, tz).format('YYYY-MM-DDTHH:mm:ss.SSSZ')}`;
});
// ---- nextChange: expected = the local wall boundary, resolved by moment-timezone
const changes = [
  ['2026-03-29T00:30:00Z','Europe/Paris','hour','2026-03-29T03:00'], ['2026-03-28T12:00:00Z','Europe/Paris','day','2026-03-29T00:00'],
  ['2026-01-31T23:30:00Z','Europe/Paris','month','2026-03-01T00:00'], ['2026-06-01T00:00:00Z','America/New_York','year','2027-01-01T00:00'],
  ['2026-01-07T12:00:00Z','UTC','week','2026-01-11T00:00'], ['2026-01-07T12:00:00Z','UTC','isoWeek','2026-01-12T00:00'],
  ['2026-01-11T12:00:00Z','UTC','isoWeekYear','2026-01-12T00:00'], ['2026-01-11T12:00:00Z','UTC','weekYear','2026-01-18T00:00'],
  ['2026-01-07T09:00:00.500Z','UTC','second','2026-01-07T09:00:01'], ['2026-01-07T09:00:00.500Z','UTC','millisecond','2026-01-07T09:00:00.501'],
  ['2026-01-07T09:00:30.500Z','UTC','minute','2026-01-07T09:01:00'], ['2026-05-10T00:00:00Z','UTC','quarter','2026-07-01T00:00'],
  ['2026-12-10T00:00:00Z','UTC','quarter','2027-01-01T00:00'], ['2026-12-10T00:00:00Z','UTC','month','2027-01-01T00:00'],
  ['2026-10-25T00:30:00Z','Europe/Paris','hour','2026-10-25T03:00'], ['2026-10-25T00:59:30Z','Europe/Paris','minute','2026-10-25T02:00+01:00'], ['2026-10-25T01:30:00Z','Europe/Paris','hour','2026-10-25T03:00'],
  ['2026-04-04T14:59:30Z','Australia/Lord_Howe','minute','2026-04-05T01:30:00+10:30'], ['2026-10-03T15:20:00Z','Australia/Lord_Howe','hour','2026-10-04T02:30'],
  ['2026-01-07T09:10:00Z','Asia/Kathmandu','hour','2026-01-07T15:00'], ['2026-01-07T09:10:00Z','Asia/Kathmandu','dayOfYear','2026-01-08T00:00'],
];
out.changeRows = changes.map(([s, tz, g, wall]) => {
  const r = m.tz(wall, tz).valueOf();
  return `        .init(${m.utc(s).valueOf()}, ${str(tz)}, .${g}, ${r}),  // ${s} → ${m.tz(r, tz).format('YYYY-MM-DDTHH:mm:ss.SSSZ')}`;
});
// ---- parsing
const parse = [["2026-01-07T09:00:00Z",'UTC'],["2026-01-07T09:00:00.250Z",'UTC'],["2026-01-07T09:00:00+01:00",'UTC'],["2026-01-07T09:00:00+0100",'UTC'],
  ["2026-01-07T09:00:00+01",'UTC'],["2026-01-07T09:00:00-05:30",'UTC'],["2026-01-07T09:00",'Europe/Paris'],["2026-01-07 09:00",'Europe/Paris'],
  ["2026-01-07",'Europe/Paris'],["2026-01",'Europe/Paris'],["2026",'Europe/Paris'],["20260107",'UTC'],["20260107T0930",'UTC'],["20260107T093015Z",'UTC'],
  ["20260107 093015,5+0100",'UTC'],["2026-W05-3",'UTC'],["2026W053",'UTC'],["2026-W05",'UTC'],["2026W05",'UTC'],["2026-123",'UTC'],["2026123",'UTC'],
  ["2026-123T10:00",'Europe/Paris'],["202601",'UTC'],["2026-03-29T02:30",'Europe/Paris'],["2026-03-29T02:00",'Europe/Paris'],["2026-10-25T02:30",'Europe/Paris'],
  ["2026-03-08T02:30",'America/New_York'],["2026-11-01T01:30",'America/New_York'],["2026-10-04T02:15",'Australia/Lord_Howe'],
  ["2026-04-05T01:45",'Australia/Lord_Howe'],["2026-04-05T01:29",'Australia/Lord_Howe'],["+002026-01-07",'UTC'],["+0020260107",'UTC'],["-002026-01-07T00:00Z",'UTC'],
  ["-000000-01-01T00:00Z",'UTC'],["0000-01-01T00:00:00Z",'UTC'],["0099-06-01T00:00Z",'UTC'],["2026-01-07T24:00",'Europe/Paris'],["2026-12-31T24:00:00Z",'UTC'],
  ["2026-01-07T24:00:01",'UTC'],["2026-01-07 09",'UTC'],["2026-01-07T09Z",'UTC'],["2026-01-07T09:00:00 Z",'UTC'],["  2026-01-07",'UTC'],
  ["\u00a02026-01-07",'UTC'],["2026-01-07 ",'UTC'],["2026-01-07t09:00",'UTC'],["2026-01-07T09:00z",'UTC'],["2026-01-07T09:00:00+01:99",'UTC'],
  ["2026-01-07T09:00:00+99:00",'UTC'],["2026-W53",'UTC'],["2020-W53-7",'UTC'],["2026-W01-0",'UTC'],["2026-W01-8",'UTC'],["2026-W00-1",'UTC'],["2026-W54",'UTC'],
  ["2026-000",'UTC'],["2026-366",'UTC'],["2024-366",'UTC'],["2026-01T09",'UTC'],["2026T09",'UTC'],["2026-01-07T09:00:00.123456789",'UTC'],
  ["2026-01-07T09:00:00,5",'UTC'],["2026-01-07T09:00:00.9999Z",'UTC'],["2026-02-29",'UTC'],["2024-02-29",'UTC'],["2026-13-01",'UTC'],["2026-00-10",'UTC'],
  ["2026-01-00",'UTC'],["2026-04-31",'UTC'],["2026-01-07T09:60",'UTC'],["2026-01-07T09:00:60",'UTC'],["2026-01-07T25:00",'UTC'],["2026-01-07T09:00:00.",'UTC'],
  ["2026-W05-3T10:00",'Europe/Paris'],["2026-01-07T09:00:00-00:00",'UTC'],["2026-1-7",'UTC'],["",'UTC'],["2026-01-07T0900",'UTC'],["20260107T09:00",'UTC'],
  ["2026-01-07T09:00:00+01:0",'UTC'],["2026-01-07T09:00:00Z ",'UTC'],["2026-01-07T09:00:00ZZ",'UTC'],["2026-01-07TZ",'UTC'],["2026-01-07T9:00",'UTC'],
  ["2026-01-07T09:00:00.123+05:45",'UTC'],["2026-01-07T09:00:00\tZ",'UTC'],["1970-01-01T00:00:00Z",'UTC'],["1969-12-31T23:59:59.999Z",'UTC'],
  ["2026-01-07T09:00:00.0001Z",'UTC'],["2026-01-07T09:00:00.29Z",'UTC'],["2026-01-07T09:00:00.57Z",'UTC'],["2026-01-07T09:00:00.035Z",'UTC'],
  ["2026-01-07T09:00:00.009Z",'UTC'],["2026-01-07T09:00:00.999999999999Z",'UTC']];
out.parseRows = parse.map(([s, tz]) => {
  const d = m.tz(s, m.ISO_8601, tz);
  return `        .init(${str(s)}, ${str(tz)}, ${d.isValid() ? d.valueOf() : 'nil'}),${d.isValid() ? '  // ' + d.toISOString() : ''}`;
});
// ---- formatting
const fmt = [0, -1, 1, 250, 1767776400000, 1767776400250, 1767776400001, 1767776400999, -62167219200000, 253402300799999, 253402300800000,
  -62198755200000, 8640000000000000, -8640000000000000, 951782400000, 1767776399999];
out.formatRows = fmt.map(ms => `        (${ms}, ${str(m.utc(ms).toISOString().replace('.000Z', 'Z'))}),`);
console.log(JSON.stringify(out, null, 1));
