import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { casesZhCN } from '../../i18n.zh-CN';
import { cleanDef, move, newTypeDef, problemText, removeState, renameState, standardWorkflow } from './model';

/** A tiny t() over the module's Chinese texts, with {{x}} interpolation. */
const t = ((key: string, vars: Record<string, string> = {}) => {
  let v: unknown = casesZhCN;
  for (const part of key.split('.')) v = (v as Record<string, unknown>)?.[part];
  if (typeof v !== 'string') return key;
  return v.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');
}) as unknown as TFunction;

/** States from which `closed` can be reached (the server's rule). */
function reachClosed(wf: ReturnType<typeof standardWorkflow>): Set<string> {
  const reach = new Set(['closed']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const x of wf.transitions)
      if (reach.has(x.to))
        for (const f of x.from)
          if (!reach.has(f)) {
            reach.add(f);
            grew = true;
          }
  }
  return reach;
}

describe('case-type editor model', () => {
  it('a new type uses the standard workflow, in which every state can still reach closed', () => {
    const d = newTypeDef('night_shift', { zh: '夜班', en: 'Night shift' });
    const keys = d.workflow.states.map((s) => s.key);
    expect(keys).toEqual(['submitted', 'in_progress', 'awaiting_member', 'paused', 'resolved', 'closed']);
    expect([...reachClosed(d.workflow)].sort()).toEqual([...keys].sort());
    const staged = standardWorkflow([{ key: 'consultation' }, { key: 'mediation' }]);
    expect(staged.transitions.find((x) => x.action === 'to_mediation')).toMatchObject({
      from: ['consultation'],
      to: 'mediation',
      needsReason: true,
    });
  });

  it('cleanDef drops empty optional values and options of fields that are not choices', () => {
    const d = newTypeDef('x', { zh: ' 名称 ', en: 'Name' });
    d.fields = [
      { key: 'a', kind: 'text', required: false, options: ['left over'] },
      { key: 'b', kind: 'choice', options: [' night ', '', 'day'] },
    ];
    d.workflow.states[0] = { key: 'submitted', pausesSla: false, stage: ' ' };
    const c = cleanDef(d);
    expect(c.name.zh).toBe('名称');
    expect(c.fields).toEqual([
      { key: 'a', kind: 'text' },
      { key: 'b', kind: 'choice', options: ['night', 'day'] },
    ]);
    expect(c.workflow.states[0]).toEqual({ key: 'submitted' });
    expect(c.workflow.transitions[0]).toEqual({
      action: 'take',
      from: ['submitted'],
      to: 'in_progress',
      roles: ['handler'],
      respondsToMember: true,
    });
  });

  it("cleanDef keeps a union's own names, fills the missing language and drops names of removed choices", () => {
    const d = newTypeDef('x', { zh: '班次', en: 'Shift' });
    d.fields = [
      {
        key: 'shift',
        kind: 'choice',
        options: ['night'],
        label: { zh: ' 班次 ', en: '' },
        optionLabels: { night: { zh: '夜班', en: 'Night' }, day: { zh: '白班', en: '' } },
      },
      { key: 'note', kind: 'text', label: { zh: '', en: '' } },
    ];
    const [shift, note] = cleanDef(d).fields;
    expect(shift?.label).toEqual({ zh: '班次', en: '班次' });
    expect(shift?.optionLabels).toEqual({ night: { zh: '夜班', en: 'Night' } });
    expect(note).toEqual({ key: 'note', kind: 'text' });
  });

  it('renaming or removing a state keeps the transitions consistent', () => {
    const wf = standardWorkflow([{ key: 'in_progress' }]);
    const renamed = renameState(wf, 'in_progress', 'handling');
    expect(renamed.states.some((s) => s.key === 'in_progress')).toBe(false);
    expect(renamed.transitions.flatMap((x) => [...x.from, x.to])).not.toContain('in_progress');
    expect(renamed.transitions.find((x) => x.action === 'take')?.to).toBe('handling');
    const removed = removeState(wf, 'paused');
    expect(removed.transitions.map((x) => x.action)).not.toContain('pause');
    expect(removed.transitions.map((x) => x.action)).not.toContain('resume');
    expect(removed.transitions.find((x) => x.action === 'withdraw')?.from).not.toContain('paused');
  });

  it('move reorders within bounds', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, -2)).toEqual(['c', 'a', 'b']);
  });

  it("explains the server's problems in plain words and keeps unknown ones as they are", () => {
    expect(problemText(t, 'workflow: state review cannot reach closed')).toBe(
      '状态“review”之后无法走到“已办结”：请添加一个从它出发的操作。',
    );
    expect(problemText(t, 'shift: options required')).toBe('选择题“shift”还没有可选项。');
    expect(problemText(t, 'workflow: ask_member is declared twice from in_progress')).toBe(
      '操作“ask_member”在状态“in_progress”上重复了。',
    );
    expect(problemText(t, '/fields/2/key: Expected string to match')).toBe('第 3 个填报项的代码格式不对。');
    expect(problemText(t, 'something new')).toBe('something new');
  });
});
