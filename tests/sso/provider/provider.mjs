// A real OpenID Connect provider for the single sign-on tests: panva/oidc-provider with its
// own login and consent pages (devInteractions: any login name is the account's `sub`).
// Usage: node provider.mjs CONFIG.json, where the file holds
// {"issuer", "host", "port", "clients": [...], "jwks": {"keys": [private JWK]}}.
// The tests make the signing key, so they can also sign tokens the provider's JWKS accepts.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

// The suite's run with the clock moved (.ci/run: THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS)
// moves every Python process; the provider's clock moves with them.
const shiftDays = Number(process.env.THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS || 0);
if (shiftDays) {
  const realNow = Date.now;
  Date.now = () => realNow() + shiftDays * 86400000;
}

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: ['thuiszittertafel-test-provider'] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
});

// Its pages load a web font from outside and the browser asks for a favicon; the tests'
// browser reaches nothing but this machine, so leave both out (no failed loads).
provider.use(async (ctx, next) => {
  if (ctx.path === '/favicon.ico') {
    ctx.status = 204;
    return;
  }
  await next();
  if (typeof ctx.body === 'string' && ctx.type === 'text/html') {
    ctx.body = ctx.body.replace(/@import url\([^)]*\);?/g, '');
  }
});

const server = provider.listen(config.port, config.host, () => {
  console.log(`oidc-provider ready at ${config.issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
