import { describe, expect, it } from 'vitest';
import { API_ENV_VARIABLES, loadApiConfig } from '../../services/api/config';
import { exactOrigin } from '../../services/api/origins';
import { pageContentSecurityPolicy } from '../../services/api/routes/pages';
import { ConfigError } from '../../services/shared/load-env';

const API_ENV = { AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-chars!' };

function configError(env: Record<string, string>): string {
  try {
    loadApiConfig({ ...API_ENV, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('CORS_ORIGINS', () => {
  it('is off by default', () => {
    expect(loadApiConfig(API_ENV).corsOrigins).toEqual([]);
    expect(loadApiConfig({ ...API_ENV, CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it('takes comma-separated exact origins, spaces around commas allowed', () => {
    const config = loadApiConfig({ ...API_ENV, CORS_ORIGINS: 'https://app.example.com, http://127.0.0.1:5173' });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://127.0.0.1:5173']);
    expect(API_ENV_VARIABLES).toEqual(expect.arrayContaining(['CORS_ORIGINS', 'FRAME_ANCESTORS']));
  });

  it.each([
    ['a wildcard', '*'],
    ['a wildcard subdomain', 'https://*.example.com'],
    ['null', 'null'],
    ['a path', 'https://app.example.com/app'],
    ['a trailing slash', 'https://app.example.com/'],
    ['no scheme', 'app.example.com'],
    ['another scheme', 'ftp://app.example.com'],
    ['upper case', 'https://App.example.com'],
    ['the default port', 'https://app.example.com:443'],
    ['user info', 'https://user@app.example.com'],
    ['an empty entry', 'https://a.example.com,,https://b.example.com'],
    ['one bad entry among good ones', 'https://a.example.com,https://b.example.com/x'],
  ])('stops the process on %s with one line naming CORS_ORIGINS', (_case, value) => {
    const message = configError({ CORS_ORIGINS: value });
    expect(message).toMatch(/^Invalid configuration: [^\n\r]+$/);
    expect(message).toContain(`CORS_ORIGINS=${JSON.stringify(value)} is invalid`);
    expect(message).not.toContain('FRAME_ANCESTORS');
  });
});

describe('FRAME_ANCESTORS', () => {
  it("is 'self' by default and feeds the pages' CSP", () => {
    const config = loadApiConfig(API_ENV);
    expect(config.frameAncestors).toEqual(["'self'"]);
    expect(pageContentSecurityPolicy(config.frameAncestors)).toContain("frame-ancestors 'self'");
  });

  it('takes origins separated by spaces or commas', () => {
    const config = loadApiConfig({
      ...API_ENV,
      FRAME_ANCESTORS: "'self' https://app.example.com,http://127.0.0.1:5173",
    });
    expect(config.frameAncestors).toEqual(["'self'", 'https://app.example.com', 'http://127.0.0.1:5173']);
    const csp = pageContentSecurityPolicy(config.frameAncestors);
    expect(csp).toContain("frame-ancestors 'self' https://app.example.com http://127.0.0.1:5173");
    // Embedding a page is not reading the API from elsewhere.
    expect(csp).toContain("connect-src 'self';");
  });

  it.each([['*'], ['https://*.example.com'], ['null'], ['https://app.example.com/x'], ["'none' 'self'"], ['self']])(
    'stops the process on %j with one line naming FRAME_ANCESTORS',
    (value) => {
      const message = configError({ FRAME_ANCESTORS: value });
      expect(message).toMatch(/^Invalid configuration: [^\n\r]+$/);
      expect(message).toContain(`FRAME_ANCESTORS=${JSON.stringify(value)} is invalid`);
    },
  );
});

describe('exactOrigin', () => {
  it('accepts what a browser sends in Origin', () => {
    for (const origin of [
      'https://app.example.com',
      'http://127.0.0.1:5173',
      'http://[::1]:8080',
      'http://localhost:3000',
    ]) {
      expect(exactOrigin(origin)).toBe(origin);
    }
  });
});
