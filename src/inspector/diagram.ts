import type { AnyStateMachine } from 'xstate';
import { describeMachine, type StateNodeInfo, type TransitionInfo } from './definition.ts';

/** The marker before the generated diagram in a Markdown document. */
export const DIAGRAM_START = '<!-- state-diagram:start -->';
/** The marker after the generated diagram in a Markdown document. */
export const DIAGRAM_END = '<!-- state-diagram:end -->';

interface Edge {
  from: string;
  to: string;
  text: string;
  scope: string;
}

class Diagram {
  readonly names = new Map<string, string>();
  readonly parents = new Map<string, StateNodeInfo>();
  readonly edges: Edge[] = [];

  constructor(readonly root: StateNodeInfo) {
    this.index(root, []);
    this.collect(root);
  }

  index(node: StateNodeInfo, path: string[]): void {
    this.names.set(node.id, path.join('_'));
    for (const child of node.states) {
      this.parents.set(child.id, node);
      this.index(child, [...path, child.key]);
    }
  }

  scopeOf(a: string, b: string): string {
    const chain = (id: string): string[] => {
      const parent = this.parents.get(id);
      return parent ? [...chain(parent.id), parent.id] : [];
    };
    const ours = chain(a);
    const theirs = new Set(chain(b));
    return ours.filter((id) => theirs.has(id)).pop() ?? this.root.id;
  }

  collect(node: StateNodeInfo): void {
    if (node !== this.root) {
      for (const transition of node.transitions) {
        for (const target of transition.targets) this.edge(node.id, target, transition);
      }
    }
    for (const child of node.states) this.collect(child);
  }

  notes(): string[] {
    return this.root.transitions.flatMap((transition) =>
      transition.targets.map(
        (target) =>
          `  note left of ${this.name(target)} : ${this.text(transition)} from any state but a final one`,
      ),
    );
  }

  text(transition: TransitionInfo): string {
    const text = transition.guard ? `${transition.label} [${transition.guard}]` : transition.label;
    return text.replace(/[:;#]/g, ' ');
  }

  edge(from: string, to: string, transition: TransitionInfo): void {
    this.edges.push({ from, to, text: this.text(transition), scope: this.scopeOf(from, to) });
  }

  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  block(node: StateNodeInfo, indent: string): string[] {
    const lines: string[] = [];
    if (node.initial) lines.push(`${indent}[*] --> ${this.name(node.initial)}`);
    for (const child of node.states) lines.push(...this.state(child, indent));
    for (const edge of this.edges.filter((item) => item.scope === node.id)) {
      lines.push(`${indent}${this.name(edge.from)} --> ${this.name(edge.to)}: ${edge.text}`);
    }
    for (const child of node.states.filter((item) => item.type === 'final')) {
      lines.push(`${indent}${this.name(child.id)} --> [*]`);
    }
    return lines;
  }

  state(node: StateNodeInfo, indent: string): string[] {
    const name = this.name(node.id);
    const nested = this.parents.get(node.id) !== this.root;
    if (node.states.length > 0) {
      return [`${indent}state ${name} {`, ...this.block(node, `${indent}  `), `${indent}}`];
    }
    if (node.invoke.length === 0) return nested ? [`${indent}state "${node.key}" as ${name}`] : [];
    return [
      `${indent}state "${node.key}" as ${name}`,
      `${indent}${name} : invokes ${node.invoke.join(', ')}`,
    ];
  }
}

/**
 * A Mermaid `stateDiagram-v2` of a machine: states, nested states, transitions that change state
 * (labelled with their event and `[guard]`; invocations' `done` / `error`), the initial and final
 * states, and what each state invokes. Transitions of the root, taken from any state but a final one,
 * are a note on their target. Transitions that only run actions are left out. Pure: no I/O.
 */
export function stateDiagram(machine: AnyStateMachine): string {
  const diagram = new Diagram(describeMachine(machine));
  return ['stateDiagram-v2', ...diagram.block(diagram.root, '  '), ...diagram.notes()].join('\n');
}

/** The diagram as a fenced Markdown block, as written between the markers. */
export function diagramMarkdown(machine: AnyStateMachine): string {
  return `\`\`\`mermaid\n${stateDiagram(machine)}\n\`\`\``;
}

/** The text between the markers of a Markdown document, trimmed; `null` when the markers are missing. */
export function diagramSection(document: string): string | null {
  const start = document.indexOf(DIAGRAM_START);
  const end = document.indexOf(DIAGRAM_END, start);
  if (start < 0 || end < 0) return null;
  return document.slice(start + DIAGRAM_START.length, end).trim();
}

/** The document with `markdown` between its markers; `null` when the markers are missing. */
export function withDiagram(document: string, markdown: string): string | null {
  const start = document.indexOf(DIAGRAM_START);
  const end = document.indexOf(DIAGRAM_END, start);
  if (start < 0 || end < 0) return null;
  return `${document.slice(0, start + DIAGRAM_START.length)}\n${markdown}\n${document.slice(end)}`;
}
