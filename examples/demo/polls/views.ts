// The polls views: list, detail with a voting form, vote (POST), results.
import { F } from 'reinhardt/db';
import type { HttpRequest } from 'reinhardt/http';
import { render, redirect, getObjectOr404 } from 'reinhardt/shortcuts';
import { Question, Choice } from './models.ts';

export async function index(request: HttpRequest) {
  const latestQuestions = await Question.objects.filter({ pubDate__lte: new Date() }).orderBy('-pubDate').slice(0, 5);
  return render(request, 'polls/index.html', { latestQuestions });
}

export async function detail(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId, pubDate__lte: new Date() });
  const choices = await question.choices.all();
  return render(request, 'polls/detail.html', { question, choices });
}

export async function results(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId });
  const choices = await question.choices.all().orderBy('-votes', 'choiceText');
  return render(request, 'polls/results.html', { question, choices });
}

export async function vote(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId });
  const form = await request.post();
  const choiceId = Number(form.get('choice'));
  const updated = Number.isInteger(choiceId)
    ? await Choice.objects.filter({ pk: choiceId, question }).update({ votes: F('votes').add(1) })
    : 0;
  if (updated === 0) {
    const choices = await question.choices.all();
    return render(request, 'polls/detail.html', { question, choices, errorMessage: "You didn't select a choice." }, { status: 400 });
  }
  return redirect('polls:results', { args: [question.id] });
}
