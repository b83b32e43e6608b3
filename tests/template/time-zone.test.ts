// Expected strings were rendered by Django 3.2 with USE_TZ=True and TIME_ZONE set to each zone:
// Template('{{ d|date:"..." }}').render(Context({'d': aware_datetime})).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, InvalidTimeZoneError } from '../../src/template/index.ts';
import { render } from './helpers.ts';

const FORMAT = 'Y-m-d H:i:s|c|O|T|e|Z|P|I|r|U|D l w N';
const WINTER = new Date(Date.UTC(2024, 0, 15, 12, 30, 45));
const SUMMER = new Date(Date.UTC(2024, 6, 4, 3, 5, 0));
const SOURCE = `{{ d|date:"${FORMAT}" }}|{{ d|time:"H:i T" }}|{{ d }}`;

describe('Engine timeZone', () => {
  test('UTC shows the instant with a +0000 offset', async () => {
    assert.equal(
      await render(SOURCE, { d: WINTER }, { timeZone: 'UTC' }),
      '2024-01-15 12:30:45|2024-01-15T12:30:45+00:00|+0000|UTC|UTC|0|12:30 p.m.|0|Mon, 15 Jan 2024 12:30:45 +0000|1705321845|Mon Monday 1 Jan.|12:30 UTC|Jan. 15, 2024, 12:30 p.m.',
    );
  });

  test('America/Chicago in winter is CST, -0600, not DST', async () => {
    assert.equal(
      await render(SOURCE, { d: WINTER }, { timeZone: 'America/Chicago' }),
      '2024-01-15 06:30:45|2024-01-15T06:30:45-06:00|-0600|CST|CST|-21600|6:30 a.m.|0|Mon, 15 Jan 2024 06:30:45 -0600|1705321845|Mon Monday 1 Jan.|06:30 CST|Jan. 15, 2024, 6:30 a.m.',
    );
  });

  test('America/Chicago in summer is CDT, -0500, DST, and crosses back to the previous day', async () => {
    assert.equal(
      await render(SOURCE, { d: SUMMER }, { timeZone: 'America/Chicago' }),
      '2024-07-03 22:05:00|2024-07-03T22:05:00-05:00|-0500|CDT|CDT|-18000|10:05 p.m.|1|Wed, 03 Jul 2024 22:05:00 -0500|1720062300|Wed Wednesday 3 July|22:05 CDT|July 3, 2024, 10:05 p.m.',
    );
  });

  test('Asia/Kolkata has a half-hour offset of +0530', async () => {
    // Django names the zone IST; Intl (en-US) has no English abbreviation for it, so T and e
    // are left out here.
    const source = '{{ d|date:"Y-m-d H:i:s|c|O|Z|P|I|r" }}|{{ d }}';
    assert.equal(
      await render(source, { d: WINTER }, { timeZone: 'Asia/Kolkata' }),
      '2024-01-15 18:00:45|2024-01-15T18:00:45+05:30|+0530|19800|6 p.m.|0|Mon, 15 Jan 2024 18:00:45 +0530|Jan. 15, 2024, 6 p.m.',
    );
    assert.equal(await render('{{ d|date:"O" }}', { d: SUMMER }, { timeZone: 'Asia/Kolkata' }), '+0530');
  });

  test('{% now %} shows the current time in the zone', async () => {
    assert.equal(await render('{% now "O Z" %}', {}, { timeZone: 'Asia/Kolkata' }), '+0530 19800');
    assert.equal(await render('{% now "e" %}', {}, { timeZone: 'UTC' }), 'UTC');
    const before = Math.floor(Date.now() / 1000);
    const shown = Number(await render('{% now "U" %}', {}, { timeZone: 'America/Chicago' }));
    assert.ok(shown >= before && shown <= before + 5);
  });

  test('without a zone dates keep the process local time and no offset in c', async () => {
    const local = new Date(2024, 0, 15, 6, 30, 45);
    assert.equal(await render('{{ d|date:"c H:i" }}', { d: local }), '2024-01-15T06:30:45 06:30');
  });

  test('fromSettings reads OPTIONS.time_zone, which wins over the framework-passed zone', async () => {
    const fromOptions = Engine.fromSettings({ OPTIONS: { time_zone: 'Asia/Kolkata' } }, { timeZone: 'UTC' });
    assert.equal(fromOptions.timeZone, 'Asia/Kolkata');
    const fromExtra = Engine.fromSettings({}, { timeZone: 'America/Chicago' });
    assert.equal(await fromExtra.fromString('{{ d|time:"H:i" }}').render(fromExtra.makeContext({ d: WINTER })), '06:30');
  });

  test('an unknown zone name is rejected when the engine is built', () => {
    assert.throws(() => new Engine({ timeZone: 'Mars/Olympus' }), (err: unknown) => {
      assert.ok(err instanceof InvalidTimeZoneError);
      assert.equal(err.code, 'template.invalid_time_zone');
      assert.match(err.message, /Mars\/Olympus/);
      return true;
    });
  });
});
