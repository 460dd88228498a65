/** The sandbox platform's public surface (for main/app training mode and tests). */
export { startSandbox, type SandboxHandle, type SandboxOptions } from './server';
export { loadScenario, validateScenario, ScenarioError, type LoadedScenario } from './scenario/validate';
export type { Scenario } from './scenario/schema';
export type { FaultRule, FaultAction } from './http/faults';
