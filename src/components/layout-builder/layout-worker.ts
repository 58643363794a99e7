/// <reference lib="webworker" />
// The layout builder's computations, off the page's thread: checking a 5 MB layout takes about a
// second, which would otherwise freeze typing.
import { workOut, type WorkRequest } from '../../layout/work.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<WorkRequest>) => {
  const result = workOut(event.data);
  scope.postMessage(result, result.kinds ? [result.kinds.buffer] : []);
};
