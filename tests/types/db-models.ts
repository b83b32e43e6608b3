// Type-level tests of model declarations and queries: these lines must compile, and every
// `@ts-expect-error` line must fail to compile.
import { Model, fields, CASCADE, SET_NULL, ref, F, Q, Count, Sum, type RelatedManager, type FilterArgs, type CheckFilter, type Loaded, type RelatedRef } from '../../src/db/models/index.ts';
import type { Decimal } from '../../src/utils/decimal.ts';

class Question extends Model.define<Question>()({
  questionText: fields.CharField({ maxLength: 200 }),
  pubDate: fields.DateTimeField(),
  status: fields.CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
  score: fields.DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }),
  views: fields.BigIntegerField({ default: 0n }),
  meta: fields.JSONField<{ tags: string[] }, { null: true }>({ null: true }),
}, { appLabel: 'typetest' }) {
  declare choices: RelatedManager<Choice>;
  wasPublishedRecently(): boolean { return this.pubDate.getTime() > Date.now() - 86_400_000; }
}

class Choice extends Model.define<Choice>()({
  question: fields.ForeignKey(Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choiceText: fields.CharField({ maxLength: 200 }),
  votes: fields.IntegerField({ default: 0 }),
  parent: fields.ForeignKey(ref<Choice>('self'), { onDelete: SET_NULL, null: true }),
}, { appLabel: 'typetest' }) {}

class Code extends Model.define<Code>()({
  code: fields.CharField({ maxLength: 5, primaryKey: true }),
}, { appLabel: 'typetest' }) {}

// @ts-expect-error a model's field map holds fields only
export class NotFields extends Model.define<NotFields>()({ name: 'x' }, { appLabel: 'typetest' }) {}

/** A helper forwarding lookups: it declares the bound filter() uses, so callers are checked too. */
function published<T extends CheckFilter<Question, {}, T>>(lookups: T) {
  return Question.objects.filter(lookups).filter({ status: 'p' });
}

export async function typeTests(): Promise<void> {
  published({ questionText__startswith: 'W', choices__votes__gt: 1 });
  const code = await Code.objects.get({ pk: 'abc' });
  const codePk: string = code.pk;
  // @ts-expect-error no implicit id when a field is the primary key
  void code.id;
  void codePk;
  const only: Question = await Question.objects.filter({ status: 'p' }).get();
  const all: Question[] = await Question.objects.filter();
  void [only, all];
  // @ts-expect-error the helper checks its keys like filter()
  published({ questionTxt: 'W' });

  // ---- instance field types --------------------------------------------------------------
  const q = await Question.objects.get({ pk: 1 });
  const text: string = q.questionText;
  const when: Date = q.pubDate;
  const status: 'd' | 'p' = q.status;
  const score: Decimal | null = q.score;
  const views: bigint = q.views;
  const id: number = q.id;
  const pk: number = q.pk;
  const recent: boolean = q.wasPublishedRecently();
  // @ts-expect-error score may be null
  const score2: Decimal = q.score;
  // @ts-expect-error status is a literal union
  q.status = 'x';
  // @ts-expect-error unknown field
  void q.questionTxt;
  void [text, when, status, score, views, id, pk, recent, score2];

  // ---- relations are explicit ------------------------------------------------------------
  const c = await Choice.objects.get({ pk: 1 });
  const qid: number = c.questionId;
  const ref1: RelatedRef<Question> = c.question;
  const loadedQ: Question = await c.question;
  // @ts-expect-error the relation is not loaded: no fields without await/selectRelated
  void c.question.questionText;
  const withQ = await Choice.objects.selectRelated('question').get({ pk: 1 });
  const qt: string = withQ.question.questionText;
  const parentId: number | null = c.parentId;
  const l: Loaded<Choice, 'question'> = withQ;
  // @ts-expect-error selectRelated takes forward relations only
  Choice.objects.selectRelated('choiceText');
  const deep = await Choice.objects.selectRelated('parent__question', 'question').get({ pk: 1 });
  const deepText: string = deep.question.questionText;
  const parentQ: string | undefined = deep.parent?.question.questionText;
  const parentText: string | undefined = deep.parent?.choiceText;
  // @ts-expect-error only the selected path is loaded: parent.parent is still a loader
  void deep.parent?.parent?.choiceText;
  // @ts-expect-error the second level is checked: choiceText is not a relation
  Choice.objects.selectRelated('parent__choiceText');
  Choice.objects.selectRelated('parent__parent__question');
  void [deepText, parentQ, parentText];
  const related: Choice[] = await q.choices.filter({ votes__gt: 1 });
  void [qid, ref1, loadedQ, qt, parentId, l, related];

  // ---- filter keys and lookup value types ------------------------------------------------
  Question.objects.filter({ questionText__icontains: 'x', pubDate__lte: new Date(), pubDate__year: 2024, pubDate__date__gte: '2024-01-01' });
  Question.objects.filter({ status: 'p', status__in: ['d', 'p'], score__isnull: true, views__gt: 10n });
  Question.objects.filter({ choices__votes__gt: 1, choices__choiceText__startswith: 'a' });
  Choice.objects.filter({ question__questionText__icontains: 'x', question: q, questionId: 1, question__in: [q] });
  Choice.objects.filter({ votes: F('votes'), votes__gt: F('votes').add(1) });
  Question.objects.filter({ meta__tags__contains: 'x', meta__has_key: 'tags' });
  Question.objects.filter(Q({ questionText: 'a' }).or(Q({ questionText: 'b' })));
  // @ts-expect-error unknown field
  Question.objects.filter({ questionTxt: 'x' });
  // @ts-expect-error unknown lookup
  Question.objects.filter({ questionText__icontain: 'x' });
  // @ts-expect-error wrong value type for a text lookup
  Question.objects.filter({ questionText__icontains: 3 });
  // @ts-expect-error wrong value type for a date field
  Question.objects.filter({ pubDate__lte: 'yesterday' });
  // @ts-expect-error year takes a number
  Question.objects.filter({ pubDate__year: '2024' });
  // @ts-expect-error choices narrow the value
  Question.objects.filter({ status: 'x' });
  // @ts-expect-error unknown field across a relation
  Choice.objects.filter({ question__titel: 'x' });
  const typed: FilterArgs<Question> = { questionText__startswith: 'W' };
  Question.objects.filter(typed);
  // @ts-expect-error FilterArgs values are typed too
  const typedBad: FilterArgs<Question> = { questionText__startswith: 1 };
  void [typed, typedBad];

  // ---- relation paths are typed to any depth ---------------------------------------------
  Choice.objects.filter({ question__questionText__icontains: 'x', question__pubDate__year__gte: 2020, question__pk__in: [1, 2] });
  Choice.objects.filter({ parent__question__questionText__startswith: 'W', parent__parent__votes__gt: 1, parent__questionId: 1 });
  Question.objects.filter({ choices__question__status: 'p', choices__parent__choiceText__iexact: 'x', choices__isnull: false });
  Choice.objects.exclude({ question__choices__votes__lt: 0 });
  // @ts-expect-error wrong value type one hop away
  Choice.objects.filter({ question__questionText__icontains: 3 });
  // @ts-expect-error unknown lookup one hop away
  Choice.objects.filter({ question__pubDate__yearr: 2020 });
  // @ts-expect-error unknown field two hops away
  Choice.objects.filter({ parent__question__titel: 'x' });
  // @ts-expect-error wrong value type two hops away (choices narrow the value)
  Choice.objects.filter({ parent__question__status: 'x' });
  // @ts-expect-error wrong value type across a reverse relation
  Question.objects.filter({ choices__votes__gt: 'many' });
  // @ts-expect-error get() checks its keys like filter()
  await Question.objects.get({ questionTxt: 'x' });
  // @ts-expect-error getOrCreate() checks its lookup keys
  await Question.objects.getOrCreate({ questionTxt: 'x' });
  // A Record<string, unknown> is the untyped escape hatch (checked at run time).
  const loose: Record<string, unknown> = { questionText: 'x' };
  Question.objects.filter(loose);

  // ---- values() shapes ------------------------------------------------------------------
  const rows = await Question.objects.values('id', 'questionText');
  const r0: { id: number; questionText: string } = rows[0]!;
  const crow = await Choice.objects.values('question__questionText', 'questionId', 'votes');
  const cq: string = crow[0]!.question__questionText;
  const flat: number[] = await Choice.objects.valuesList('votes', { flat: true });
  const tuples: [string, number][] = await Choice.objects.valuesList('choiceText', 'votes');
  // @ts-expect-error unknown values key
  Question.objects.values('questionTxt');
  // @ts-expect-error the row has only the selected keys
  void rows[0]!.pubDate;
  void [r0, cq, flat, tuples];

  // ---- annotations -------------------------------------------------------------------------
  const ann = await Question.objects.annotate({ n: new Count('choices'), total: new Sum<number | null>('choices__votes') }).filter({ n__gt: 1 }).orderBy('-n');
  const n: number = ann[0]!.n;
  const total: number | null = ann[0]!.total;
  const agg = await Choice.objects.aggregate({ most: new Sum<number | null>('votes') });
  const most: number | null = agg.most;
  // @ts-expect-error annotation lookups take the annotation's value type
  Question.objects.annotate({ n: new Count('choices') }).filter({ n__gt: 'one' });
  // @ts-expect-error annotation names are checked like fields
  Question.objects.annotate({ n: new Count('choices') }).filter({ m__gt: 1 });
  const annotatedFirst = await Question.objects.annotate({ n: new Count('choices') }).filter({ n: 2, questionText__contains: 'a' }).first();
  void [n, total, most, annotatedFirst];

  // ---- ordering and create input ---------------------------------------------------------
  Question.objects.orderBy('-pubDate', 'questionText', '?');
  // @ts-expect-error unknown ordering field
  Question.objects.orderBy('-pubDat');
  await Question.objects.create({ questionText: 'x', pubDate: new Date() });
  await Choice.objects.create({ question: q, choiceText: 'c' });
  // @ts-expect-error questionText is required
  await Question.objects.create({ pubDate: new Date() });
  // @ts-expect-error wrong value type
  await Question.objects.create({ questionText: 1, pubDate: new Date() });
  // @ts-expect-error unknown field on create
  await Question.objects.create({ questionText: 'x', pubDate: new Date(), nope: 1 });
}
