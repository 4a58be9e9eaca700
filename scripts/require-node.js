// Stops at once, with one clear sentence, on a Node.js older than Meadow needs.
// Plain JavaScript on purpose: it must run on old Node versions too.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `Meadow needs Node.js 22.18 or newer (24 LTS recommended), but this is Node.js ${process.versions.node}; ` +
      'install Node.js 24 (from nodejs.org, your package manager, or a version manager such as nvm: nvm install 24) and try again.',
  );
  process.exit(1);
}
