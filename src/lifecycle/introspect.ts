/**
 * Questions about a lifecycle definition: which events are allowed, which states can be reached,
 * which states are terminal, and a Mermaid diagram of the whole.
 *
 * @module
 */
import { compiledOf, type LifecycleDefinition, type StateConfig } from './define';

/**
 * The events accepted from a state (declared there, and permitted by the backward policy), in
 * declaration order. Guards and required data are not evaluated: they depend on the context.
 *
 * @param definition - the lifecycle
 * @param state - a state of it
 * @returns the event names (empty for an unknown state or a state without exits)
 * @throws nothing
 *
 * @example
 * ```ts
 * import { allowedEvents, taskLifecycle } from 'crmkit/lifecycle';
 * allowedEvents(taskLifecycle(), 'open'); //=> ['start', 'complete', 'cancel']
 * ```
 */
export function allowedEvents<S extends string, E extends string>(definition: LifecycleDefinition<S, E>, state: NoInfer<S>): readonly E[] {
  return (compiledOf(definition).allowed[state] ?? []) as readonly E[];
}

/**
 * Every state reachable from `from` through permitted transitions (excluding `from` itself unless
 * a cycle leads back to it), in breadth-first order.
 *
 * @param definition - the lifecycle
 * @param from - the starting state (default: the initial state)
 * @returns the reachable states
 * @throws nothing
 *
 * @example
 * ```ts
 * import { reachableStates, taskLifecycle } from 'crmkit/lifecycle';
 * reachableStates(taskLifecycle(), 'in_progress'); //=> ['open', 'done', 'cancelled', 'in_progress']
 * ```
 */
export function reachableStates<S extends string, E extends string>(definition: LifecycleDefinition<S, E>, from?: NoInfer<S>): readonly S[] {
  const { table } = compiledOf(definition);
  const origin = from ?? definition.initial;
  const seen = new Set<string>();
  const out: S[] = [];
  const queue: string[] = [origin];
  for (let i = 0; i < queue.length; i++) {
    const row = table[queue[i] as string];
    if (row === undefined) continue;
    for (const event of Object.keys(row)) {
      const t = row[event];
      if (t === undefined || !t.permitted || seen.has(t.to)) continue;
      seen.add(t.to);
      out.push(t.to as S);
      queue.push(t.to);
    }
  }
  return out;
}

/**
 * Whether a state is terminal (a closed outcome: won, lost, done, closed…).
 *
 * @param definition - the lifecycle
 * @param state - a state of it
 * @returns `true` for a state declared `terminal: true`
 * @throws nothing
 *
 * @example
 * ```ts
 * import { isTerminal, taskLifecycle } from 'crmkit/lifecycle';
 * isTerminal(taskLifecycle(), 'done'); //=> true
 * isTerminal(taskLifecycle(), 'open'); //=> false
 * ```
 */
export function isTerminal<S extends string, E extends string>(definition: LifecycleDefinition<S, E>, state: NoInfer<S>): boolean {
  return (definition.terminalStates as readonly string[]).includes(state);
}

/**
 * The states carrying a tag (e.g. the `lost` stages of a deal pipeline).
 *
 * @param definition - the lifecycle
 * @param tag - the tag
 * @returns the tagged states, in declaration order
 * @throws nothing
 *
 * @example
 * ```ts
 * import { dealPipelineLifecycle, statesTagged } from 'crmkit/lifecycle';
 * const deals = dealPipelineLifecycle({ id: 'p1', stages: [
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 *   { id: 'won', name: 'Won', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *   { id: 'lost', name: 'Lost', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
 * ] });
 * statesTagged(deals, 'lost'); //=> ['lost']
 * ```
 */
export function statesTagged<S extends string, E extends string>(definition: LifecycleDefinition<S, E>, tag: string): readonly S[] {
  const { config } = compiledOf(definition);
  return definition.states.filter((state) => (config.states[state] as StateConfig | undefined)?.tags?.includes(tag) === true);
}

function mermaidId(state: string): string {
  const id = state.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `s_${id}` : id;
}

/**
 * A Mermaid `stateDiagram-v2` of the lifecycle: `[*]` into the initial state, one arrow per
 * permitted transition labelled with its event (`↩` marks backward moves), terminal states into
 * `[*]`, and a note on states that require data. Transitions the backward policy forbids are
 * left out: they cannot happen.
 *
 * @param definition - the lifecycle
 * @returns the diagram source (paste it in a ```` ```mermaid ```` block)
 * @throws nothing
 *
 * @example
 * ```ts
 * import { defineLifecycle, toMermaid } from 'crmkit/lifecycle';
 * toMermaid(defineLifecycle({ name: 'x', initial: 'a', states: { a: { on: { go: 'b' } }, b: { terminal: true } } }));
 * //=> 'stateDiagram-v2\n  [*] --> a\n  a --> b: go\n  b --> [*]'
 * ```
 */
export function toMermaid<S extends string, E extends string>(definition: LifecycleDefinition<S, E>): string {
  const { table, config } = compiledOf(definition);
  const lines = ['stateDiagram-v2'];
  for (const state of definition.states) {
    const sc = config.states[state] as StateConfig | undefined;
    const id = mermaidId(state);
    const label = sc?.label ?? state;
    if (id !== state || label !== state) lines.push(`  state "${label.replace(/"/g, "'")}" as ${id}`);
  }
  lines.push(`  [*] --> ${mermaidId(definition.initial)}`);
  for (const state of definition.states) {
    const row = table[state] ?? {};
    for (const event of Object.keys(row)) {
      const t = row[event];
      if (t === undefined || !t.permitted) continue;
      lines.push(`  ${mermaidId(state)} --> ${mermaidId(t.to)}: ${event}${t.backward ? ' ↩' : ''}${t.guard === undefined ? '' : ' [guard]'}`);
    }
  }
  for (const state of definition.terminalStates) lines.push(`  ${mermaidId(state)} --> [*]`);
  for (const state of definition.states) {
    const requires = (config.states[state] as StateConfig | undefined)?.requires;
    if (requires === undefined) continue;
    const what = Array.isArray(requires)
      ? (requires as readonly string[]).join(', ')
      : ((requires as { readonly description?: string }).description ?? 'data matching a schema');
    lines.push(`  note right of ${mermaidId(state)}: requires ${what}`);
  }
  return lines.join('\n');
}
