// Finds the system's Chromium; never downloads one. On Debian, as root or with sudo, it installs
// Debian's `chromium` when none is found, so `npm test` passes on a fresh machine as it stands.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
export const INSTALL_HINT = 'sudo apt-get install -y chromium (or set CHROME_PATH to a Chromium or Chrome binary)';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name) {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

export function findChromium() {
  if (process.env.CHROME_PATH) {
    return isExecutable(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  }
  for (const candidate of CANDIDATES) {
    const path = candidate.startsWith('/') ? (isExecutable(candidate) ? candidate : undefined) : which(candidate);
    if (path) return path;
  }
  return undefined;
}

function isDebian() {
  return existsSync('/etc/debian_version') || /ID(_LIKE)?=.*debian/.test(readFileSafe('/etc/os-release'));
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function installWithApt() {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!prefix || !isDebian() || !which('apt-get')) return false;
  console.error('No Chromium found: installing Debian chromium with apt-get…');
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'chromium']);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to use, installing Debian's where that is possible; exits with one clear line otherwise. */
export function requireChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROME_PATH) {
    console.error(`CHROME_PATH=${process.env.CHROME_PATH} is not an executable file. Install Chromium: ${INSTALL_HINT}`);
    process.exit(1);
  }
  if (installWithApt()) {
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(`No Chromium found. Install it: ${INSTALL_HINT}`);
  process.exit(1);
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
