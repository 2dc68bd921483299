// A customer's configuration policies, for finding one by name and checking an ID (SPEC §2 Resolution).
import type { ConfigurationPolicy } from '../partner-center/wire.js';

export type PolicyMatch =
  | { kind: 'found'; policyId: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; policyIds: string[] };

export class PolicyIndex {
  private readonly ids: ReadonlySet<string>;
  private readonly byName = new Map<string, string[]>();
  /** By lower-case ID: the policy's names as listed (a device's listing may name its profile by name). */
  private readonly namesById = new Map<string, string[]>();
  /** The names as the customer wrote them, in listing order, for messages. */
  readonly names: readonly string[];

  constructor(policies: readonly ConfigurationPolicy[]) {
    const usable = policies.filter((p) => typeof p.id === 'string' && p.id !== '');
    this.ids = new Set(usable.map((p) => p.id.trim().toLowerCase()));
    this.names = usable.map((p) => (typeof p.name === 'string' ? p.name : '')).filter((n) => n.trim() !== '');
    for (const policy of usable) {
      if (typeof policy.name !== 'string') continue;
      const key = nameKey(policy.name);
      const list = this.byName.get(key);
      const id = policy.id.trim().toLowerCase();
      if (list === undefined) this.byName.set(key, [id]);
      else if (!list.includes(id)) list.push(id);
      this.namesById.set(id, [...(this.namesById.get(id) ?? []), policy.name]);
    }
  }

  has(policyId: string): boolean {
    return this.ids.has(policyId.toLowerCase());
  }

  /** The names the customer's listing gives this policy ID (none when it lists no such policy). */
  namesOf(policyId: string): readonly string[] {
    return this.namesById.get(policyId.trim().toLowerCase()) ?? [];
  }

  /** By name, ignoring case and surrounding spaces. */
  find(name: string): PolicyMatch {
    const ids = this.byName.get(nameKey(name));
    const [only, ...more] = ids ?? [];
    if (only === undefined) return { kind: 'unknown' };
    return more.length === 0 ? { kind: 'found', policyId: only } : { kind: 'ambiguous', policyIds: ids ?? [] };
  }
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
