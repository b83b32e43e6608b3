import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import './orm-setup.ts';
import { fields, fieldFromDeconstructed, Model, CASCADE, historicalModel, Index, UniqueConstraint, CheckConstraint, Q, FieldDoesNotExist } from '../../../src/db/models/index.ts';
import { ValidationError } from '../../../src/core/exceptions.ts';
import { Question, Choice, Book, Author } from './polls-models.ts';

describe('field declarations', () => {
  it('describe themselves as plain options that rebuild an equal field', () => {
    const f = fields.CharField({ maxLength: 200, null: true, helpText: 'h' });
    const d = f.deconstruct();
    assert.deepEqual(d, { type: 'CharField', options: { maxLength: 200, null: true } });
    const again = fieldFromDeconstructed(d);
    assert.deepEqual(again.deconstruct(), d);
    assert.equal(again.internalType, 'CharField');
  });

  it('deconstruct relations with the target label and onDelete', () => {
    const fk = Choice.meta.getField('question');
    assert.deepEqual(fk.deconstruct(), { type: 'ForeignKey', options: { to: 'polls.Question', onDelete: 'CASCADE', relatedName: 'choices' } });
    const m2m = Book.meta.getField('tags');
    assert.deepEqual(m2m.deconstruct(), { type: 'ManyToManyField', options: { to: 'library.Tag', relatedName: 'books' } });
    assert.equal(fieldFromDeconstructed(fk.deconstruct()).internalType, 'ForeignKey');
  });

  it('derive snake_case columns, FK columns and default table names', () => {
    assert.equal(Question.meta.dbTable, 'polls_question');
    assert.equal(Question.meta.getField('pubDate').column, 'pub_date');
    assert.equal(Choice.meta.getField('question').column, 'question_id');
    assert.equal(Choice.meta.getField('question').attname, 'questionId');
    assert.equal(Question.meta.pk.name, 'id');
    assert.equal(Question.meta.pk.internalType, 'BigAutoField');
  });

  it('produce column specs for the schema editor', () => {
    const spec = Choice.meta.tableSpec();
    assert.equal(spec.name, 'polls_choice');
    const q = spec.columns.find((c) => c.name === 'question_id')!;
    assert.equal(q.internalType, 'BigIntegerField');
    assert.deepEqual(q.references, { table: 'polls_question', column: 'id', constraint: true });
    const votes = spec.columns.find((c) => c.name === 'votes')!;
    assert.equal(votes.null, false);
    const dec = Author.meta.tableSpec().columns.find((c) => c.name === 'rating')!;
    assert.equal(dec.maxDigits, 5);
    assert.equal(dec.decimalPlaces, 2);
  });

  it('describe meta options (ordering, indexes, constraints) as plain data', () => {
    class Item extends Model.define<Item>()({
      name: fields.CharField({ maxLength: 10 }),
      qty: fields.IntegerField(),
    }, {
      appLabel: 'shop', ordering: ['-qty'],
      indexes: [new Index({ fields: ['name', '-qty'], name: 'item_name_idx' })],
      constraints: [new UniqueConstraint({ fields: ['name'], name: 'uniq_name' }), new CheckConstraint({ check: Q({ qty__gte: 0 }), name: 'qty_gte_0' })],
    }) {}
    assert.deepEqual(Item.meta.deconstruct(), {
      ordering: ['-qty'],
      indexes: [{ type: 'Index', options: { fields: ['name', '-qty'], name: 'item_name_idx' } }],
      constraints: [
        { type: 'UniqueConstraint', options: { fields: ['name'], name: 'uniq_name' } },
        { type: 'CheckConstraint', options: { check: { connector: 'AND', negated: false, children: [['qty__gte', 0]] }, name: 'qty_gte_0' } },
      ],
    });
  });

  it('raise an error naming the model and suggesting the closest field', () => {
    assert.throws(() => Question.meta.getField('pub_dat'), (e: unknown) => e instanceof FieldDoesNotExist && /polls\.Question has no field 'pub_dat'; did you mean 'pubDate'\?/.test(e.message));
  });

  it('build historical models from plain field descriptions', () => {
    const H = historicalModel('hist', 'Poll', { title: { type: 'CharField', options: { maxLength: 20 } } });
    assert.equal(H.meta.label, 'hist.Poll');
    assert.deepEqual(H.meta.concreteFields.map((f) => f.name), ['id', 'title']);
  });

  it('validate values with fullClean-style checks', () => {
    const f = fields.CharField({ maxLength: 3, choices: [['a', 'A'], ['bb', 'B']] });
    assert.throws(() => f.validate('zzzz'), ValidationError);
    assert.throws(() => f.validate('c'), /not a valid choice/);
    assert.throws(() => fields.EmailField().validate('nope'), /valid email/);
    assert.throws(() => fields.IntegerField().toJs('12.5'), /must be an integer/);
    assert.throws(() => fields.IntegerField().toJs(2 ** 60), /beyond the exact integer range/);
    assert.equal(fields.BigIntegerField().toJs('9007199254740993'), 9007199254740993n);
    assert.equal(fields.UUIDField().toJs('A0EEBC999C0B4EF8BB6D6BB9BD380A11'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });

  it('refuse unexpected constructor fields with the model name', () => {
    assert.throws(() => new Question({ questionTxt: 'x' } as never), /polls\.Question\(\) got an unexpected field 'questionTxt'/);
  });

  it('compare instances by model and primary key', () => {
    const a = new Question({ questionText: 'a', pubDate: new Date(), id: 1 });
    const b = new Question({ questionText: 'b', pubDate: new Date(), id: 1 });
    const c = new Choice({ choiceText: 'c', id: 1 } as never);
    assert.ok(a.equals(b));
    assert.ok(!a.equals(c));
    assert.ok(!new Question({ questionText: 'x', pubDate: new Date() }).equals(new Question({ questionText: 'x', pubDate: new Date() })));
  });

  it('inherit fields and methods from abstract bases', () => {
    const Stamped = Model.abstract({ created: fields.DateTimeField({ autoNowAdd: true }) }, { ordering: ['-created'] });
    class Note extends Stamped.define<Note>()({ body: fields.TextField() }, { appLabel: 'notes' }) {}
    assert.deepEqual(Note.meta.concreteFields.map((f) => f.name), ['id', 'created', 'body']);
    assert.deepEqual(Note.meta.ordering, ['-created']);
    assert.throws(() => Stamped.meta, /abstract|model base/);
    void CASCADE;
  });
});
