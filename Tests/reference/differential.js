// Differential corpus for the built-in steps (issue 6): cases run through the real lodash 4.17 and
// moment 2.29 / moment-timezone (Debian's node-lodash, node-moment, node-moment-timezone), written
// as `sequencer eval` input lines plus "expected". DifferentialCorpusTests checks the committed
// corpus; DifferentialLiveTests re-runs this script and compares.
//
//   NODE_PATH=/usr/share/nodejs node Tests/reference/differential.js [out.jsonl]
//
// Deterministic: a fixed seed, no clock. Where Sequencer diverges on purpose (documented in
// Sources/SequencerCore/Semantics), the expectation follows Sequencer's rule and the case says why
// in "divergence".
'use strict';
module.paths.push('/usr/share/nodejs');
const fs = require('fs');
const path = require('path');
const _ = require('lodash');
const moment = require('moment-timezone');

// ---- deterministic randomness (mulberry32)
let seed = 20260107;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (list) => list[int(list.length)];

const cases = [];
const counts = {};
function add(step, runner, now, expected, divergence) {
  const line = { step, runner, now, expected };
  if (divergence) line.divergence = divergence;
  cases.push(line);
  counts[step.runner] = (counts[step.runner] || 0) + 1;
}

/// Sequencer's `Moment.formatISO8601`: UTC, milliseconds only when not zero.
function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

// ======================================================================================
// Conditional and Goal
// ======================================================================================

const COMMANDS = ['gt', 'gte', 'lt', 'lte', 'eq', 'isEqual', 'includes', 'startsWith', 'endsWith', 'has', 'isMatch',
  'inRange', 'isEmpty', 'isNil'];

const data = {
  user: { age: 42, name: 'Zoë', tags: ['a', 'b'], address: null, score: '17', blank: '  12\t', zero: 0, flag: false },
  items: [{ price: 9.5 }, { price: 12, sku: 'X-1' }, { price: '12' }],
  'a.b': 1, '': 'empty key', '0': 'zero key', '10': 'ten key', "q'k": 2, 'd"q': 3, 'back\\slash': 4, 'sp ace': 5,
  emoji: '😀x', text: 'héllo world 42', flag: true, n: 5, neg: -3.5, big: 1e21, small: 1e-7, str5: '5', strx: '5x',
  hex: '0x1F', empty: '', emptyArr: [], emptyObj: {}, nul: null, nested: [[1, 2], [3, [4, 5]]],
  x: { y: { z: 'deep', n: 10 } }, a: { b: 'not the dotted key' }, arrLike: { length: 2, '0': 'a' },
  mixed: [1, '1', null, true, { k: 'v' }, [1]], date: '2026-01-07', ws: ' \n ', digits: '007',
};
const paths = ['data.user.age', 'data.user.name', 'data.user.tags', 'data.user.tags[0]', 'data.user.tags[5]',
  'data.user.tags.length', 'data.user.address', 'data.user.address.street', 'data.user.score', 'data.user.blank',
  'data.user.zero', 'data.user.flag', 'data.items[0].price', 'data.items[1].sku', 'data.items[2].price',
  'data.items.1.price', 'data.items.length', "data['a.b']", 'data["a.b"]', 'data.a.b', "data['q\\'k']", 'data["d\\"q"]',
  "data['back\\\\slash']", "data['sp ace']", 'data.sp ace', 'data[0]', 'data.0', 'data[10]', 'data.10', 'data.emoji',
  'data.emoji.length', 'data.text', 'data.text.length', 'data.text[1]', 'data.flag', 'data.n', 'data.neg', 'data.big',
  'data.small', 'data.str5', 'data.strx', 'data.hex', 'data.empty', 'data.empty.length', 'data.emptyArr', 'data.emptyObj',
  'data.nul', 'data.nul.x', 'data.nested[1][1][0]', 'data.nested[0]', 'data.x.y.z', 'data.x.y', 'data.x.y.n', 'data.x',
  'data.arrLike', 'data.arrLike.length', 'data.mixed', 'data.mixed[4]', 'data.mixed[4].k', 'data.date', 'data.ws',
  'data.digits', 'data.missing', 'data.missing.deeper', 'id', 'data', 'data..x', 'data.items[-1]', 'data.items[01]',
  'data.user[age]', 'nosuch', ''];
const prototypePaths = ['data.constructor', 'data.n.toFixed', 'data.__proto__', 'data.user.tags.push',
  'data.text.toString', 'data.x.hasOwnProperty'];

const raws = [null, true, false, 0, 1, -1, 5, 42, 3.5, -0.5, 1e21, 1e-7, '', '5', '42', ' 42 ', '0x1F', 'abc', 'a', 'Zoë',
  'héllo', '😀', 'null', 'undefined', '1,2', 'a.b', 'user.age', 'x.y', 'age', 'tags', 'price', [], [1], [1, 2], ['a', 'b'],
  [42], ['user', 'age'], {}, { age: 42 }, { name: 'Zoë' }, { k: 'v' }, { y: { z: 'deep' } }, [[1, 2]], [{ price: 12 }],
  '2026', 'e\u0301', 'world', '42 ', 12, '12', 9.5, 17, '17', 'b', 'deep', 'X-1', 10];

/// JSON values of every type, made up at random.
function randomValue(depth = 0) {
  switch (int(depth > 1 ? 4 : 6)) {
    case 0: return pick([null, true, false]);
    case 1: return pick([0, 1, -1, 2, 5, 10, 42, 3.5, -2.25, 1e6, 0.1, 100, 7]) * (rand() < 0.2 ? -1 : 1);
    case 2: {
      const pieces = ['', ' ', '1', '42', '007', 'a', 'b', 'ab', 'x y', '\t', '\n', 'é', 'Z', '5', '-3', '1e2', '.5', ','];
      let s = '';
      const n = int(4);
      for (let i = 0; i < n; i++) s += pick(pieces);
      return s;
    }
    case 3: return pick([0, 1, 2, 5, '5', 'a', '', 42]);
    case 4: {
      const n = int(4);
      const out = [];
      for (let i = 0; i < n; i++) out.push(randomValue(depth + 1));
      return out;
    }
    default: {
      const n = int(4);
      const out = {};
      for (let i = 0; i < n; i++) out[pick(['a', 'b', 'c', '0', '1', 'x y', 'length', 'k.l'])] = randomValue(depth + 1);
      return out;
    }
  }
}

/// `_.get` as Sequencer reads it: own properties only (plus `length` and indices of arrays and strings).
function ownGet(root, p) {
  // lodash's castPath / isKey.
  const reIsDeepProp = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/;
  const isKey = /^\w*$/.test(p) || !reIsDeepProp.test(p) || (root != null && p in Object(root));
  const keys = isKey ? [p] : _.toPath(p);
  let v = root;
  for (const key of keys) {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string' || Array.isArray(v) || typeof v === 'object') {
      if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
      v = v[key];
    } else return undefined;
  }
  return v;
}

/// Whether `_.get(root, p)` passes through a property that is not the value's own.
function reachesPrototype(root, p) {
  return ownGet(root, p) !== _.get(root, p);
}

function runnerObject(runner) {
  return { id: runner.id || 'runner', data: runner.data, sequence: runner.sequence || '', step: runner.step || '',
    stepEnteredAt: iso(runner.stepEnteredAt ? Date.parse(runner.stepEnteredAt) : 0) };
}

function condition(kind, config, runnerData, extraDivergence) {
  // Round-trip through JSON so the values are exactly what Sequencer reads (no -0, no undefined).
  config = JSON.parse(JSON.stringify(config));
  const runner = { data: JSON.parse(JSON.stringify(runnerData)) };
  const root = runnerObject(runner);
  const resolve = (op) => op === undefined ? undefined : op.type === 'raw' ? op.value : ownGet(root, op.value);
  let divergence = extraDivergence;
  const resolveReal = (op) => op === undefined ? undefined : op.type === 'raw' ? op.value : _.get(root, op.value);
  for (const op of [config.value, config.compareTo]) {
    if (op && op.type === 'get' && reachesPrototype(root, op.value)) {
      divergence = 'prototype path: lodash reads a JavaScript prototype property, Sequencer reads undefined';
    }
  }
  const a = resolve(config.value), b = resolve(config.compareTo);
  // JSON objects and arrays are never the same reference in Sequencer (LodashCommand's note).
  if ((config.lodashCommand === 'eq' && a === b && typeof a === 'object' && a !== null) ||
      (config.lodashCommand === 'includes' && typeof b === 'object' && b !== null && _.some(a, (e) => e === b))) {
    divergence = 'object identity: two JSON values are never the same reference in Sequencer';
  }
  const args = config.compareTo === undefined ? [a] : [a, b];
  let holds = !!_[config.lodashCommand](...args);
  if (divergence && divergence.startsWith('object identity')) {
    holds = config.lodashCommand === 'eq' ? false : _.some(a, (e) => e === b ? false : _.eq(e, b));
  }
  if (!divergence) {
    // Sanity: with the real `_.get` the answer is the same.
    const ra = resolveReal(config.value), rb = resolveReal(config.compareTo);
    if (!!_[config.lodashCommand](...(config.compareTo === undefined ? [ra] : [ra, rb])) !== holds) throw new Error('ownGet differs');
  }
  const action = kind === 'Goal' ? (holds ? 'next' : 'noop') : (holds ? 'next' : 'altNext');
  add({ runner: kind, config }, runner, '2026-01-07T09:00:00Z', { action }, divergence);
}

const operand = (p) => ({ type: 'get', value: p });
const raw = (v) => ({ type: 'raw', value: v });

// Hand-picked: every command against every path with a few typical raw values.
for (const cmd of COMMANDS) {
  for (const p of paths) {
    const others = cmd === 'has' ? ['user.age', 'x.y', ['user', 'tags'], 'length', '0', 0] :
      cmd === 'isEmpty' || cmd === 'isNil' ? [undefined] : [pick(raws)];
    for (const other of others) {
      const config = { lodashCommand: cmd, value: operand(p) };
      if (other !== undefined) config.compareTo = raw(other);
      condition('Conditional', config, data);
    }
  }
}
// Paths on both sides, and a raw value against a path.
for (let i = 0; i < 250; i++) {
  const cmd = pick(COMMANDS);
  const config = { lodashCommand: cmd, value: rand() < 0.7 ? operand(pick(paths)) : raw(pick(raws)), compareTo: operand(pick(paths)) };
  condition('Conditional', config, data);
}
// Randomised data of every JSON type.
for (let i = 0; i < 500; i++) {
  const cmd = pick(COMMANDS);
  const d = { v: randomValue(), w: randomValue(), list: [randomValue(1), randomValue(1)] };
  const config = { lodashCommand: cmd, value: operand(pick(['data.v', 'data.w', 'data.list', 'data.list[0]', 'data.v.a', 'data.v[0]', "data.v['x y']", 'data.v.length'])) };
  const r = rand();
  if (r < 0.45) config.compareTo = operand(pick(['data.w', 'data.list[1]', 'data.w.b', 'data.w[1]']));
  else if (r < 0.9) config.compareTo = raw(rand() < 0.5 ? randomValue() : pick(raws));
  condition('Conditional', config, d);
}
// Prototype paths: Sequencer reads undefined (LodashPath's documented divergence).
for (const p of prototypePaths) {
  for (const cmd of ['isNil', 'isEmpty', 'eq', 'has', 'includes']) {
    condition('Conditional', { lodashCommand: cmd, value: operand(p), compareTo: raw(pick(raws)) }, data);
  }
}
// Goal: the same predicate; a goal not reached waits (noop) for the data to change.
for (let i = 0; i < 60; i++) {
  const cmd = pick(COMMANDS);
  condition('Goal', { lodashCommand: cmd, value: operand(pick(paths)), compareTo: raw(pick(raws)) }, data);
}
// Unknown commands are refused when the sequence is applied.
for (const cmd of ['get', 'isString', 'constructor', 'GT', 'includesAll', 'toString']) {
  add({ runner: 'Conditional', config: { lodashCommand: cmd, value: operand('data.n'), compareTo: raw(1) } }, { data },
    '2026-01-07T09:00:00Z', { error: true, pointer: '/step/config/lodashCommand' },
    'refused at apply time: lodash would call an unsupported or missing function');
}

// ======================================================================================
// Moment: zones and instants
// ======================================================================================

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham',
  'Europe/London', 'Australia/Sydney', 'America/St_Johns', 'Asia/Kathmandu', 'America/Los_Angeles', 'Pacific/Auckland'];
// Local times near DST changes, month ends and leap days (2024–2028).
const INTERESTING = [
  ['2026-03-29T02:30:00', 'Europe/Paris'], ['2026-03-28T02:30:00', 'Europe/Paris'], ['2026-10-25T02:30:00', 'Europe/Paris'],
  ['2026-10-24T02:30:00', 'Europe/Paris'], ['2026-03-08T02:30:00', 'America/New_York'], ['2026-03-07T02:30:00', 'America/New_York'],
  ['2026-11-01T01:30:00', 'America/New_York'], ['2026-10-31T01:30:00', 'America/New_York'],
  ['2026-10-04T02:15:00', 'Australia/Lord_Howe'], ['2026-10-03T02:15:00', 'Australia/Lord_Howe'],
  ['2026-04-05T01:45:00', 'Australia/Lord_Howe'], ['2026-04-04T01:45:00', 'Australia/Lord_Howe'],
  ['2026-09-27T02:45:00', 'Pacific/Chatham'], ['2026-09-26T02:45:00', 'Pacific/Chatham'], ['2026-04-05T02:45:00', 'Pacific/Chatham'],
  ['2026-03-29T01:30:00', 'Europe/London'], ['2026-10-25T01:30:00', 'Europe/London'], ['2026-10-04T02:30:00', 'Australia/Sydney'],
  ['2026-03-08T02:30:00', 'America/St_Johns'], ['2026-11-01T01:30:00', 'America/St_Johns'],
  ['2024-01-31T10:00:00', 'UTC'], ['2024-02-29T23:30:00', 'UTC'], ['2024-02-29T10:00:00', 'America/New_York'],
  ['2025-12-31T23:59:59.999', 'Asia/Kolkata'], ['2026-01-31T23:30:00', 'Europe/Paris'], ['2026-05-31T12:00:00', 'Asia/Kathmandu'],
  ['2028-02-29T00:00:00', 'Pacific/Auckland'], ['2026-08-31T18:00:00', 'America/Los_Angeles'], ['2026-12-31T23:00:00', 'Australia/Lord_Howe'],
];

function randomInstant() {
  // 2024-01-01 .. 2028-12-31, often on round times.
  const start = Date.UTC(2024, 0, 1), span = Date.UTC(2029, 0, 1) - start;
  let ms = start + Math.floor(rand() * span);
  const r = rand();
  if (r < 0.4) ms -= ms % 3600000;
  else if (r < 0.7) ms -= ms % 60000;
  else if (r < 0.85) ms -= ms % 1000;
  return ms;
}

// ======================================================================================
// WaitForDuration
// ======================================================================================

const UNIT_NAMES = ['y', 'Y', 'year', 'years', 'YEARS', 'Year', 'Q', 'quarter', 'quarters', 'Quarters', 'M', 'month', 'months',
  'MONTHS', 'Month', 'w', 'W', 'week', 'weeks', 'isoWeek', 'isoweeks', 'ISOWEEK', 'd', 'day', 'days', 'DAYS', 'Days', 'h', 'H',
  'hour', 'hours', 'Hours', 'm', 'minute', 'minutes', 'MINUTE', 's', 'S', 'second', 'seconds', 'ms', 'MS', 'Ms', 'millisecond',
  'milliseconds'];
const BAD_UNITS = ['fortnight', 'D', 'mo', 'q', 'date', 'dayOfYear', 'DDD', 'weekday', 'e', 'E', 'gg', 'GG', '', 'yr', 'hrs', 'mins', 'days '];
const AMOUNTS = [0, 1, 2, 3, 7, 12, 24, 30, 31, 59, 60, 90, 365, -1, -2, 0.5, 1.5, 2.5, -1.5, 0.49, 0.25, 0.1, 1 / 3, 1.9, 0.0004, 100];

function durationCase(startMs, tz, amount, unit, nowMs) {
  const start = moment.tz(startMs, tz);
  const result = start.clone().add(amount, unit);
  let due = result.valueOf(), divergence;
  const calendar = ['year', 'quarter', 'month', 'week', 'isoWeek', 'day'].includes(moment.normalizeUnits(unit));
  if (calendar) {
    const compatible = moment.tz(result.format('YYYY-MM-DDTHH:mm:ss.SSS'), tz).valueOf();
    if (compatible !== due) {
      divergence = `DST: moment-timezone gives ${result.toISOString()} (${result.format()}); Sequencer uses Temporal "compatible" disambiguation`;
      due = compatible;
    }
  }
  const config = { amount, unit };
  if (tz !== 'UTC' || rand() < 0.5) config.timeZone = tz;
  let expected = due <= nowMs ? { action: 'next' } : { action: 'noop', wakeAt: iso(due) };
  if (amount < 0) {
    // moment subtracts; Sequencer refuses a negative amount when the sequence is applied.
    expected = { error: true, pointer: '/step/config/amount' };
    divergence = 'refused at apply time: a negative amount would end the wait before the runner entered the step';
  }
  add({ runner: 'WaitForDuration', config }, { data: {}, stepEnteredAt: iso(startMs) }, iso(nowMs), expected, divergence);
  return due;
}

// Every unit name, from interesting local times.
for (const [local, tz] of INTERESTING) {
  const startMs = moment.tz(local, tz).valueOf();
  for (const unit of ['d', 'days', 'w', 'M', 'months', 'y', 'Q', 'h', 'm']) {
    const amount = pick([1, 1, 2, -1, 1.5, 0.5, 24, 12]);
    const due = moment.tz(startMs, tz).add(amount, unit).valueOf();
    durationCase(startMs, tz, amount, unit, due + pick([-1, 0, 1, -3600000]));
  }
}
for (const unit of UNIT_NAMES) {
  for (const amount of [1, 2, 1.5, -1, 0.5]) {
    const startMs = randomInstant(), tz = pick(ZONES);
    const due = moment.tz(startMs, tz).add(amount, unit).valueOf();
    durationCase(startMs, tz, amount, unit, pick([due - 1, due, due + 1, startMs]));
  }
}
// Randomised.
for (let i = 0; i < 450; i++) {
  const startMs = randomInstant(), tz = pick(ZONES), unit = pick(UNIT_NAMES), amount = pick(AMOUNTS);
  const due = moment.tz(startMs, tz).add(amount, unit).valueOf();
  durationCase(startMs, tz, amount, unit, rand() < 0.5 ? due + pick([-1, 0, 1, -60000, 60000]) : randomInstant());
}
// Units moment would silently ignore are refused at apply time.
for (const unit of BAD_UNITS) {
  add({ runner: 'WaitForDuration', config: { amount: 1, unit } }, { data: {}, stepEnteredAt: '2026-01-07T09:00:00Z' },
    '2026-01-07T09:00:00Z', { error: true, pointer: '/step/config/unit' },
    'refused at apply time: moment.add ignores this unit and the runner would move on at once');
}

// ======================================================================================
// WaitForDateComparison
// ======================================================================================

const GETTERS = ['year', 'y', 'Y', 'years', 'quarter', 'Q', 'quarters', 'month', 'M', 'months', 'Month', 'week', 'w', 'weeks',
  'isoWeek', 'W', 'isoweek', 'isoWeekday', 'E', 'isoweekdays', 'day', 'd', 'days', 'Day', 'weekday', 'e', 'date', 'D', 'dates',
  'dayOfYear', 'DDD', 'dayofyear', 'hour', 'h', 'H', 'hours', 'minute', 'm', 'minutes', 'second', 's', 'S', 'millisecond', 'ms', 'MS',
  'weekYear', 'gg', 'isoWeekYear', 'GG'];
const BAD_GETTERS = ['DD', 'q', 'weeksInYear', 'fortnight', 'dd', 'mo', '', 'Hours ', 'toString', 'constructor', 'valueOf'];

// What moment.get returns for each getter (years are unbounded); a value outside is refused.
const GETTER_RANGES = { millisecond: [0, 999], second: [0, 59], minute: [0, 59], hour: [0, 23], day: [0, 6], weekday: [0, 6],
  isoWeekday: [1, 7], date: [1, 31], dayOfYear: [1, 366], week: [1, 53], isoWeek: [1, 53], month: [0, 11], quarter: [1, 4] };

function comparisonCase(nowMs, tz, getter, values) {
  const current = moment.tz(nowMs, tz).get(getter);
  const config = { attribute: getter, values };
  if (tz !== 'UTC' || rand() < 0.5) config.timeZone = tz;
  const range = GETTER_RANGES[moment.normalizeUnits(getter)];
  const outside = range ? values.findIndex((v) => v < range[0] || v > range[1]) : -1;
  if (outside >= 0) {
    add({ runner: 'WaitForDateComparison', config }, { data: {} }, iso(nowMs), { error: true, pointer: `/step/config/values/${outside}` },
      'refused at apply time: moment.get never returns this value and the runner would wait forever');
    return;
  }
  const expected = { action: values.includes(current) ? 'next' : 'noop' };
  add({ runner: 'WaitForDateComparison', config }, { data: {} }, iso(nowMs), expected);
}

for (const [local, tz] of INTERESTING) {
  const nowMs = moment.tz(local, tz).valueOf();
  for (const getter of ['hour', 'minute', 'date', 'day', 'month', 'week', 'isoWeek', 'dayOfYear']) {
    const current = moment.tz(nowMs, tz).get(getter);
    comparisonCase(nowMs, tz, getter, rand() < 0.5 ? [current] : [current + 1]);
  }
}
for (let i = 0; i < 420; i++) {
  const nowMs = randomInstant(), tz = pick(ZONES), getter = pick(GETTERS);
  const current = moment.tz(nowMs, tz).get(getter);
  const values = [];
  const n = 1 + int(3);
  for (let k = 0; k < n; k++) values.push(rand() < 0.35 ? current : current + pick([-1, 1, 2, -2, 5]));
  comparisonCase(nowMs, tz, getter, values);
}
for (const getter of BAD_GETTERS) {
  add({ runner: 'WaitForDateComparison', config: { attribute: getter, values: [1] } }, { data: {} }, '2026-01-07T09:00:00Z',
    { error: true, pointer: '/step/config/attribute' },
    'refused at apply time: moment.get returns the moment itself and the runner would wait forever');
}

// ======================================================================================
// WaitForDate
// ======================================================================================

function pad(n, w) { return String(Math.abs(n)).padStart(w, '0'); }

/// An ISO 8601 string in one of the forms moment accepts, for the wall time `local` (a moment).
function isoForm(local, form) {
  const Y = pad(local.year(), 4), Mo = pad(local.month() + 1, 2), D = pad(local.date(), 2);
  const h = pad(local.hour(), 2), mi = pad(local.minute(), 2), s = pad(local.second(), 2), ms = pad(local.millisecond(), 3);
  switch (form) {
    case 'full': return `${Y}-${Mo}-${D}T${h}:${mi}:${s}.${ms}`;
    case 'seconds': return `${Y}-${Mo}-${D}T${h}:${mi}:${s}`;
    case 'minutes': return `${Y}-${Mo}-${D}T${h}:${mi}`;
    case 'hours': return `${Y}-${Mo}-${D}T${h}`;
    case 'space': return `${Y}-${Mo}-${D} ${h}:${mi}:${s}`;
    case 'basic': return `${Y}${Mo}${D}T${h}${mi}${s}`;
    case 'micro': return `${Y}-${Mo}-${D}T${h}:${mi}:${s}.${ms}${pick(['', '4', '999', '123456'])}`;
    case 'comma': return `${Y}-${Mo}-${D}T${h}:${mi}:${s},${ms}`;
    case 'date': return `${Y}-${Mo}-${D}`;
    case 'basicDate': return `${Y}${Mo}${D}`;
    case 'month': return `${Y}-${Mo}`;
    case 'year': return `${Y}`;
    case 'week': return local.format('GGGG-[W]WW-E') + `T${h}:${mi}`;
    case 'weekOnly': return local.format('GGGG-[W]WW');
    case 'ordinal': return local.format('YYYY-DDDD') + `T${h}:${mi}:${s}`;
    case 'basicOrdinal': return local.format('YYYYDDDD');
    default: throw new Error(form);
  }
}
const FORMS = ['full', 'seconds', 'minutes', 'hours', 'space', 'basic', 'micro', 'comma', 'date', 'basicDate', 'month', 'year',
  'week', 'weekOnly', 'ordinal', 'basicOrdinal'];
const OFFSETS = ['', 'Z', '+00:00', '+01:00', '-05:00', '+0530', '-0330', '+10:30', '+01', '-08', ' Z', '+13:45'];
const TAKES_TIME = ['full', 'seconds', 'minutes', 'hours', 'space', 'basic', 'micro', 'comma', 'week', 'ordinal'];

function dateCase(text, tz, nowMs, templated) {
  const parsed = tz ? moment.tz(text, moment.ISO_8601, tz) : moment.tz(text, moment.ISO_8601, 'UTC');
  const config = { date: templated ? '{{data.when}}' : text };
  if (tz) config.timeZone = tz;
  const runner = templated ? { data: { when: text } } : { data: {} };
  let expected;
  if (!parsed.isValid()) {
    expected = templated ? { action: 'noop', error: true } : { error: true, pointer: '/step/config/date' };
  } else {
    const due = parsed.valueOf();
    expected = due <= nowMs ? { action: 'next' } : { action: 'noop', wakeAt: iso(due) };
  }
  add({ runner: 'WaitForDate', config }, runner, iso(nowMs), expected);
}

for (const [local, tz] of INTERESTING) {
  const wall = moment.utc(local);
  for (const form of ['seconds', 'full', 'minutes', 'space', 'date']) {
    const due = moment.tz(local, tz).valueOf();
    dateCase(isoForm(wall, form), tz, due + pick([-1, 0, 1]));
  }
}
for (let i = 0; i < 480; i++) {
  const wall = moment.utc(randomInstant());
  const form = pick(FORMS);
  const offset = TAKES_TIME.includes(form) ? pick(OFFSETS) : (rand() < 0.8 ? '' : pick(OFFSETS));
  const text = (rand() < 0.05 ? ' ' : '') + isoForm(wall, form) + offset;
  const tz = rand() < 0.3 ? undefined : pick(ZONES);
  const nowMs = rand() < 0.5 ? randomInstant() : wall.valueOf() + pick([-86400000, 0, 3600000, -1]);
  dateCase(text, tz, nowMs, rand() < 0.1);
}
const BAD_DATES = ['2026-13-01', '2026-02-30', '2026-02-29', '2026-1-7', '2026-01-07T25:00', '2026-01-07T24:01', '2026-01-07T10:60',
  '2026-01-07t10:00', '2026-01-07T10:00z', '2026-01-07T10:00:00Z ', 'tomorrow', '', '07/01/2026', '2026-W54-1', '2026-366',
  '2026-01T10:00', '2026-W05T10:00', '2026-01-07T10:00:00+1', '2026/01/07', '2026-01-07T10:00:00.Z'];
for (const text of BAD_DATES) {
  dateCase(text, pick([undefined, 'Europe/Paris']), Date.UTC(2026, 0, 7), false);
  dateCase(text, undefined, Date.UTC(2026, 0, 7), true);
}
const GOOD_EDGES = ['2024-02-29T12:00:00', '2026-01-07T24:00:00', '2026-01-07T24:00', '2026-W01-1', '2026-W53-7', '2020-W53-7',
  '2026-001', '2024-366', '2026-01-07T10:00:00.123456789Z', '+002026-01-07', '2026-01-07T10:00:00+99:99', '2026-01-07T10:00:00-00:00',
  '2026-03-29T02:30:00', '2026-10-25T02:30:00', '2026-10-04T02:15:00', '2026-04-05T01:45:00', '2026-11-01T01:30:00'];
for (const text of GOOD_EDGES) {
  for (const tz of [undefined, 'Europe/Paris', 'Australia/Lord_Howe', 'America/New_York']) {
    dateCase(text, tz, Date.UTC(2026, 0, 7, 12));
  }
}

// ======================================================================================
// Issue 19: numeric-string amounts (moment's createDuration reads `+input`), literal and rendered,
// and moment's ASP.NET JSON dates for WaitForDate (`moment.tz(text, zone)`, no format). No rand():
// the cases above keep their seed.
// ======================================================================================

const NUMERIC_STRINGS = ['21', ' 5 ', '1e2', '21.5', '\t7\n', '0x10', '.5', '+3', '2.', '1E1', '0', '0.25'];
for (const text of NUMERIC_STRINGS) {
  for (const unit of ['days', 'hours', 'months']) {
    for (const templated of [false, true]) {
      const startMs = Date.UTC(2026, 0, 31, 9), tz = 'Europe/Paris';
      const due = moment.tz(startMs, tz).add(text, unit).valueOf();
      const config = { amount: templated ? '{{data.n}}' : text, unit, timeZone: tz };
      const runner = { data: templated ? { n: text } : {}, stepEnteredAt: iso(startMs) };
      for (const nowMs of [due - 1, due]) {
        add({ runner: 'WaitForDuration', config }, runner, iso(nowMs), due <= nowMs ? { action: 'next' } : { action: 'noop', wakeAt: iso(due) });
      }
    }
  }
}
// Strings moment does not read as a number (it adds nothing, or parses a duration): refused at
// apply when literal, an error for the runner when rendered.
for (const text of ['', ' ', 'abc', '3 days', 'P1D', '1,5', '-2']) {
  const base = moment.utc(Date.UTC(2026, 0, 7, 9));
  const divergence = `moment adds ${base.clone().add(text, 'days').diff(base)} ms; Sequencer refuses it, naming the field`;
  add({ runner: 'WaitForDuration', config: { amount: text, unit: 'days' } }, { data: {}, stepEnteredAt: '2026-01-07T09:00:00Z' },
    '2026-01-07T09:00:00Z', { error: true, pointer: '/step/config/amount' }, divergence);
  add({ runner: 'WaitForDuration', config: { amount: '{{data.n}}', unit: 'days' } }, { data: { n: text }, stepEnteredAt: '2026-01-07T09:00:00Z' },
    '2026-01-07T09:00:00Z', { action: 'noop', error: true }, divergence);
}
const ASP_NET = ['/Date(1528480171000)/', '/date(1528480171000)/', 'Date(1528480171000)', '/Date(1528480171000+0100)/',
  '/Date(-86400000)/', '/DATE(0)/'];
for (const text of ASP_NET) {
  for (const tz of [undefined, 'Europe/Paris', 'America/New_York']) {
    for (const templated of [false, true]) {
      const parsed = moment.tz(text, tz || 'UTC');
      const due = parsed.valueOf();
      const config = { date: templated ? '{{data.when}}' : text };
      if (tz) config.timeZone = tz;
      const runner = templated ? { data: { when: text } } : { data: {} };
      for (const nowMs of [due - 1, due]) {
        add({ runner: 'WaitForDate', config }, runner, iso(nowMs), parsed.isValid() && due <= nowMs ? { action: 'next' } : { action: 'noop', wakeAt: iso(due) });
      }
    }
  }
}

// ======================================================================================

const out = process.argv[2] || path.join(__dirname, '..', 'SequencerCoreTests', 'Fixtures', 'differential-corpus.jsonl');
fs.writeFileSync(out, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
process.stderr.write(`${cases.length} cases: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
