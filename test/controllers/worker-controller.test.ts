import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { WorkerController } from '../../src/controllers/worker-controller.js';

/** A host that only keeps its controllers, to disconnect them as an element leaving the page would. */
class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

/** A worker that doubles a number, after `delay` ms. */
function doubler(delay = 0): { start: () => Worker; started: Worker[] } {
  const script = `onmessage = (event) => setTimeout(() => postMessage(event.data * 2), ${delay});`;
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  const started: Worker[] = [];
  return {
    start: () => {
      const worker = new Worker(url);
      started.push(worker);
      return worker;
    },
    started,
  };
}

const inline = (value: number) => -value;

describe('WorkerController', () => {
  it('works a request out in the worker, and reuses it for the next', async () => {
    const { start, started } = doubler();
    const host = new FakeHost();
    const worker = new WorkerController<number, number>(host, { start, inline });
    expect(await worker.run(2)).to.equal(4);
    expect(await worker.run(5)).to.equal(10);
    expect(started.length).to.equal(1);
    host.disconnect();
  });

  it('stops a worker still busy with an older request, which then comes to nothing', async () => {
    const { start, started } = doubler(200);
    const host = new FakeHost();
    const worker = new WorkerController<number, number>(host, { start, inline });
    const older = worker.run(1);
    const newer = worker.run(3);
    expect(await older).to.equal(undefined);
    expect(await newer).to.equal(6);
    expect(started.length).to.equal(2);
    host.disconnect();
  });

  it('answers a waiting request with nothing when the host leaves', async () => {
    const { start } = doubler(10_000);
    const host = new FakeHost();
    const worker = new WorkerController<number, number>(host, { start, inline });
    const waiting = worker.run(1);
    host.disconnect();
    expect(await waiting).to.equal(undefined);
  });

  it('works inline from then on when no worker can start', async () => {
    let starts = 0;
    const host = new FakeHost();
    const worker = new WorkerController<number, number>(host, {
      start: () => {
        starts += 1;
        throw new DOMException('Refused by the content policy', 'SecurityError');
      },
      inline,
    });
    expect(await worker.run(2)).to.equal(-2);
    expect(await worker.run(3)).to.equal(-3);
    expect(starts).to.equal(1);
  });

  it('works inline when the worker fails', async () => {
    const url = URL.createObjectURL(new Blob(['onmessage = () => { throw new Error("broken"); };'], { type: 'text/javascript' }));
    const host = new FakeHost();
    const worker = new WorkerController<number, number>(host, { start: () => new Worker(url), inline });
    expect(await worker.run(4)).to.equal(-4);
  });
});
