// Keeps work going when the page is not in front. The app advances its batch inside the frame
// loop (requestAnimationFrame), which browsers stop for a hidden tab. While the page is hidden
// and the app says work is under way (a batch, a model download), a worker's clock
// (background-ticks.js) calls the app's step without drawing (wl_shell_background_step); the
// frame loop takes over again when the tab is shown, and draws the state reached meanwhile.
//
// While work runs and the page is in front, a screen wake lock keeps the screen (and so the
// machine) from going to sleep, where the browser offers one. Browsers drop the lock when the
// page is hidden; it is taken again when the page comes back while work still runs.
const TICK_MS = 16;     // about a frame: the batch is stepped as often as when drawn
const GRACE_MS = 3000;  // steps go on this long after work ends: the last results are stored

export class BackgroundDriver {
  constructor() {
    this.module = null;
    this.working = false;
    this.graceUntil = 0;
    this.worker = null;
    this.lock = null;
    this.lockState = 'wakeLock' in navigator ? 'released' : 'unsupported';
    this.hiddenSteps = 0;
    document.addEventListener('visibilitychange', () => this.update());
  }

  attach(module) {
    this.module = module;
    this.update();
  }

  // Called by the app (src/platform/web/main.cpp) when work starts or ends.
  setWorking(working) {
    this.working = working;
    if (!working) this.graceUntil = performance.now() + GRACE_MS;
    this.update();
  }

  update() {
    const hidden = document.visibilityState === 'hidden';
    const tick = hidden && this.module && (this.working || performance.now() < this.graceUntil);
    if (tick && !this.worker) {
      this.worker = new Worker(new URL('./background-ticks.js', import.meta.url));
      this.worker.onmessage = () => this.step();
      this.worker.postMessage(TICK_MS);
    } else if (!tick && this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
    this.updateWakeLock(hidden);
  }

  step() {
    if (document.visibilityState !== 'hidden' || !this.module) { this.update(); return; }
    this.hiddenSteps++;
    try {
      this.module._wl_shell_background_step();
    } catch (e) {
      console.error('background step failed:', e);
      this.working = false;
      this.graceUntil = 0;
    }
    if (!this.working && performance.now() >= this.graceUntil) this.update();
  }

  async updateWakeLock(hidden) {
    if (this.lockState === 'unsupported') return;
    const want = this.working && !hidden;
    if (want && !this.lock && this.lockState !== 'requesting') {
      this.lockState = 'requesting';
      try {
        const lock = await navigator.wakeLock.request('screen');
        this.lock = lock;
        this.lockState = 'held';
        lock.addEventListener('release', () => {
          if (this.lock === lock) { this.lock = null; this.lockState = 'released'; }
        });
        if (!this.working) this.updateWakeLock(document.visibilityState === 'hidden');
      } catch (e) {
        // Refused (battery saver, a permissions policy, a page not in front): work goes on.
        this.lockState = `refused: ${e.message || e.name}`;
      }
    } else if (!this.working && this.lock) {
      const lock = this.lock;
      this.lock = null;
      this.lockState = 'released';
      lock.release().catch(() => {});
    }
  }

  // For window.wildlife.background(): tests and scripts see what keeps the batch going.
  state() {
    return {
      visibility: document.visibilityState,
      working: this.working,
      ticking: this.worker !== null,
      hiddenSteps: this.hiddenSteps,
      wakeLock: this.lockState,
    };
  }
}
