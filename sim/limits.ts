/** The default step limit of an execution (`maxSteps`). */
export const DEFAULT_MAX_STEPS_VALUE = 100_000;
