// One Chromium for a whole test run: Playwright's own browser server (the driver bundled with
// the Python package), so every xdist worker connects to it with the same launch options a
// local `chromium.launch()` would use. Prints the endpoint, then serves until SIGTERM (which
// Playwright handles by closing the browser) or until the run's controlling process is gone
// (a run killed with SIGKILL leaves no browser behind).
const [driver, executablePath, argsJson, ownerPid] = process.argv.slice(2);
const { chromium } = require(driver);

function ownerAlive() {
  try {
    process.kill(Number(ownerPid), 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

chromium
  .launchServer({ executablePath, args: JSON.parse(argsJson), host: "127.0.0.1" })
  .then((server) => {
    console.log(server.wsEndpoint());
    setInterval(() => {
      if (!ownerAlive()) server.close().finally(() => process.exit(0));
    }, 1000);
  })
  .catch((error) => {
    console.error(String(error));
    process.exit(1);
  });
