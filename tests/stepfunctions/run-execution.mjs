// Runs one execution of a state machine definition with aws-local-stepfunctions, as Step Functions would run it,
// except that every Task's resource is a POST to an "invoke" endpoint of the test (which hands the payload to a real
// Lambda function behind a fake Runtime API). The endpoint answers {result} or, for a function error, {errorType,
// cause}: the error is raised with errorType as its name and the error document as its message, which is how Step
// Functions names a Lambda function's error (Error = errorType, Cause = the error document) for Retry and Catch.
//
// Usage: node run-execution.mjs DEFINITION.json INPUT_JSON INVOKE_URL
// Output: one JSON line per execution event, then {"outcome": "SUCCEEDED", output} or {"outcome": "FAILED", error, cause}.
import { readFileSync } from 'node:fs';

// aws-local-stepfunctions 3.0.0 times every Task with Promise.withResolvers (Node 22). Without it on Node 20 every
// Task fails with a TypeError that Retry and Catch absorb silently, so this must run before the library is used.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine, ExecutionError } = await import('aws-local-stepfunctions');

const [definitionFile, inputJson, invokeUrl] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));

const handlers = {};
for (const [name, state] of Object.entries(definition.States)) {
  if (state.Type !== 'Task') continue;
  handlers[name] = async (payload) => {
    const response = await fetch(invokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: name, resource: state.Resource, payload }),
    });
    if (!response.ok) throw new Error(`the invoke endpoint answered ${response.status}: ${await response.text()}`);
    const answer = await response.json();
    if (answer.errorType !== undefined) {
      const error = new Error(answer.cause);
      error.name = answer.errorType;
      throw error;
    }
    return answer.result;
  };
}

const machine = new StateMachine(definition);
const execution = machine.run(JSON.parse(inputJson), { overrides: { taskResourceLocalHandlers: handlers } });
const logging = (async () => {
  for await (const event of execution.eventLogs) {
    console.log(JSON.stringify({ event: event.type, state: event.state?.name, error: event.Error }));
  }
})();
let outcome;
try {
  outcome = { outcome: 'SUCCEEDED', output: await execution.result };
} catch (e) {
  const failure = e instanceof ExecutionError ? e.cause : e;
  outcome = { outcome: 'FAILED', error: failure?.name, cause: failure?.message };
}
await logging.catch(() => {});
console.log(JSON.stringify(outcome));
