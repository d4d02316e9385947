// The background driver's clock (background.js). Runs as a dedicated worker because browsers
// keep a worker's timers running at their set pace for a hidden page, while they stop the
// page's requestAnimationFrame and throttle its own timers (to once a second, then once a
// minute). A message with a period in ms starts the ticks; 0 stops them.
let timer = null;
onmessage = (event) => {
  if (timer !== null) clearInterval(timer);
  timer = null;
  const period = Number(event.data);
  if (period > 0) timer = setInterval(() => postMessage(0), period);
};
