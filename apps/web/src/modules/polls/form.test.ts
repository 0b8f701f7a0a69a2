import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { PollView, Question } from './api';
import { blankQuestion, choiceBounds, fromPollView, htmlToText, toAnswers, toPollInput } from './form';
import { addRank, moveRank, removeRank } from './ranking';

const base = {
  orgId: '7d3c1f0e-1111-4aaa-8bbb-222233334444',
  title: '  食堂满意度调查 ',
  anonymous: true,
  resultsVisibility: 'after_response' as const,
  closesAt: dayjs('2026-12-01T10:00:00Z'),
};

describe('toPollInput', () => {
  it('gives new questions and options free slug ids and keeps only what each kind takes', () => {
    const body = toPollInput({
      ...base,
      description: '  ',
      opensAt: null,
      questions: [
        {
          ...blankQuestion('single'),
          title: ' 午餐 ',
          options: [{ label: ' 好 ' }, { label: '' }, { label: '差' }],
        },
        {
          ...blankQuestion('multiple'),
          title: '多选',
          minChoices: 1,
          maxChoices: 2,
          scale: 9,
          options: [{ label: 'a' }, { label: 'b' }],
        },
        {
          ...blankQuestion('text'),
          title: '建议',
          required: false,
          maxLength: 300,
          options: [{ label: 'x' }],
        },
        { ...blankQuestion('rating'), title: '评分', scale: 7, lowLabel: ' 差 ', highLabel: '' },
        { ...blankQuestion('ranked'), title: '排序', seats: 3, options: [{ label: 'A' }, { label: 'B' }] },
      ],
    });
    expect(body.title).toBe('食堂满意度调查');
    expect(body.description).toBeUndefined();
    expect(body.opensAt).toBeNull();
    expect(body.closesAt).toBe('2026-12-01T10:00:00.000Z');
    expect(body.questions).toEqual([
      {
        id: 'q1',
        kind: 'single',
        title: '午餐',
        required: true,
        options: [
          { id: 'o1', label: '好' },
          { id: 'o2', label: '差' },
        ],
      },
      {
        id: 'q2',
        kind: 'multiple',
        title: '多选',
        required: true,
        options: [
          { id: 'o1', label: 'a' },
          { id: 'o2', label: 'b' },
        ],
        minChoices: 1,
        maxChoices: 2,
      },
      { id: 'q3', kind: 'text', title: '建议', required: false, maxLength: 300 },
      { id: 'q4', kind: 'rating', title: '评分', required: true, scale: 7, lowLabel: '差' },
      {
        id: 'q5',
        kind: 'ranked',
        title: '排序',
        required: true,
        options: [
          { id: 'o1', label: 'A' },
          { id: 'o2', label: 'B' },
        ],
        method: 'irv',
        seats: 1,
      },
    ]);
  });

  it('keeps the ids of an edited draft and never reuses them for new items', () => {
    const body = toPollInput({
      ...base,
      opensAt: dayjs('2026-11-30T10:00:00Z'),
      questions: [
        { ...blankQuestion('text'), title: 'new' },
        {
          ...blankQuestion('ranked'),
          id: 'q1',
          title: 'old',
          method: 'stv',
          seats: 2,
          rankLimit: 3,
          options: [{ label: 'new' }, { id: 'o1', label: 'old' }],
        },
      ],
    });
    expect(body.opensAt).toBe('2026-11-30T10:00:00.000Z');
    expect(body.questions.map((q) => q.id)).toEqual(['q2', 'q1']);
    expect(body.questions[1]).toMatchObject({ method: 'stv', seats: 2, rankLimit: 3 });
    expect(body.questions[1]?.options?.map((o) => o.id)).toEqual(['o2', 'o1']);
  });

  it('round-trips a draft from the server', () => {
    const view = {
      ...base,
      id: 'p',
      orgName: 'x',
      descriptionHtml: '<p>第一段 &amp; 更多</p><p>第二段<br>换行</p>',
      opensAt: null,
      closesAt: '2026-12-01T10:00:00.000Z',
      questions: [
        { id: 'a', kind: 'single', title: 't', required: true, options: [{ id: 'x', label: 'X' }] },
      ],
    } as unknown as PollView;
    const v = fromPollView(view);
    expect(v.description).toBe('第一段 & 更多\n\n第二段\n换行');
    expect(toPollInput(v).questions).toEqual(view.questions);
  });
});

describe('answers', () => {
  const qs: Question[] = [
    { id: 's', kind: 'single', title: '', required: true, options: [] },
    {
      id: 'm',
      kind: 'multiple',
      title: '',
      required: true,
      options: [
        { id: 'a', label: 'a' },
        { id: 'b', label: 'b' },
      ],
    },
    { id: 't', kind: 'text', title: '', required: false },
    { id: 'r', kind: 'rating', title: '', required: true, scale: 5 },
    { id: 'k', kind: 'ranked', title: '', required: true, options: [] },
  ];
  it('sends the field of each kind and leaves unanswered questions out', () => {
    expect(toAnswers(qs, { s: 'x', m: ['a'], t: '  hi ', r: 4, k: ['b', 'a'] })).toEqual([
      { questionId: 's', choice: 'x' },
      { questionId: 'm', choices: ['a'] },
      { questionId: 't', text: 'hi' },
      { questionId: 'r', rating: 4 },
      { questionId: 'k', ranking: ['b', 'a'] },
    ]);
    expect(toAnswers(qs, { m: [], t: '   ', k: [] })).toEqual([]);
  });
  it('applies the server defaults to the choice hint', () => {
    expect(choiceBounds(qs[1] as Question)).toEqual({ min: 1, max: 2 });
    expect(choiceBounds({ ...(qs[1] as Question), required: false, maxChoices: 1 })).toEqual({
      min: 0,
      max: 1,
    });
  });
  it('htmlToText keeps plain text', () => {
    expect(htmlToText('plain')).toBe('plain');
  });
});

describe('ranking', () => {
  it('moves, adds and removes without touching the input', () => {
    const order = ['a', 'b', 'c'];
    expect(moveRank(order, 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveRank(order, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRank(order, 0, 3)).toBe(order);
    expect(addRank(order, 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(addRank(order, 'a')).toBe(order);
    expect(removeRank(order, 'b')).toEqual(['a', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
