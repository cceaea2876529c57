import type { Graph, Step } from "../format/Step.ts"
import type { RetryPolicy } from "../format/RetryPolicy.ts"
import { nestedGraph } from "../../instance/tokens.ts"
import type { CompiledGraph, CompiledStep } from "./CompiledDefinition.ts"
import { builtins, catchers, defined, usesOf, type StepCode } from "./stepParts.ts"
import { compileHuman, compileWait } from "./compileWaiting.ts"
import { expr, optionalMs, tmpl } from "./compileCode.ts"
import { compileRetry } from "./compileRetry.ts"

/** Compiles one graph and, recursively, the graphs of its parallel branches and map bodies. */
export const compileGraph = (
  key: string,
  graph: Graph,
  workflowRetry: RetryPolicy | undefined,
  into: Map<string, CompiledGraph>
): void => {
  const steps = new Map<string, CompiledStep>()
  for (const [name, step] of Object.entries(graph.steps))
    steps.set(name, compileStep(key, name, step, workflowRetry, into))
  into.set(key, { key, start: graph.start, steps })
}

const compileStep = (
  graph: string,
  name: string,
  step: Step,
  workflowRetry: RetryPolicy | undefined,
  graphs: Map<string, CompiledGraph>
): CompiledStep => {
  const compiled = compileStepCode(graph, name, step, workflowRetry, graphs)
  return { ...compiled, uses: usesOf(compiled) } as CompiledStep
}

const compileStepCode = (
  graph: string,
  name: string,
  step: Step,
  workflowRetry: RetryPolicy | undefined,
  graphs: Map<string, CompiledGraph>
): StepCode => {
  const base = { name, graph }
  switch (step.type) {
    case "action":
      return {
        ...base,
        kind: "action",
        ...defined({
          builtin: step.queue === undefined && builtins.has(step.action) ? (step.action as "set") : undefined,
          queue: step.queue,
          with: step.with === undefined ? undefined : tmpl(step.with),
          output: step.output,
          timeoutMs: optionalMs(step.timeout),
          heartbeatMs: optionalMs(step.heartbeat),
          compensate: step.compensate,
          next: step.next
        }),
        action: step.action,
        retry: compileRetry(workflowRetry, step.retry),
        catch: catchers(step.catch)
      }
    case "choice":
      return {
        ...base,
        kind: "choice",
        choices: step.choices.map((choice) => ({ when: expr(choice.when), next: choice.next })),
        ...defined({ otherwise: step.otherwise })
      }
    case "wait":
      return compileWait(base, step)
    case "human":
      return compileHuman(base, step)
    case "parallel":
      return {
        ...base,
        kind: "parallel",
        branches: step.branches.map((branch, index) => {
          const key = nestedGraph(graph, name, `b${index}`)
          compileGraph(key, branch, workflowRetry, graphs)
          return { graph: key, start: branch.start }
        }),
        join: step.join ?? "all",
        catch: catchers(step.catch),
        ...defined({ next: step.next })
      }
    case "map": {
      const key = nestedGraph(graph, name, "do")
      compileGraph(key, step.do, workflowRetry, graphs)
      return {
        ...base,
        kind: "map",
        items: expr(step.items),
        do: { graph: key, start: step.do.start },
        catch: catchers(step.catch),
        ...defined({ concurrency: step.concurrency, output: step.output, next: step.next })
      }
    }
    case "subflow":
      return {
        ...base,
        kind: "subflow",
        workflow: step.workflow,
        catch: catchers(step.catch),
        ...defined({
          version: step.version,
          input: step.input === undefined ? undefined : tmpl(step.input),
          output: step.output,
          timeoutMs: optionalMs(step.timeout),
          next: step.next
        })
      }
    case "succeed":
      return {
        ...base,
        kind: "succeed",
        ...defined({ output: step.output === undefined ? undefined : tmpl(step.output) })
      }
    case "fail":
      return {
        ...base,
        kind: "fail",
        error: {
          type: step.error.type,
          ...defined({
            message: step.error.message === undefined ? undefined : tmpl(step.error.message),
            details: step.error.details === undefined ? undefined : tmpl(step.error.details)
          })
        }
      }
  }
}
