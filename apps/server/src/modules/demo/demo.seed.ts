import type { Deps } from '../../kernel/deps.js';

export async function seedDemo(_deps: Deps, say: (m: string) => void): Promise<void> {
  say('demo seed pending');
}
