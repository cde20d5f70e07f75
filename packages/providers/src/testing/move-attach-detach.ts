/**
 * A small world for the CLI tests. blue holds api, old and www; green holds nothing yet.
 * The desired file moves api to green (detach-attach, its CNAME points at blue), attaches new
 * (whose A record already points at green) and detaches old (no DNS record).
 *
 * Worked out by hand from the sandbox's CloudFront and Route 53 timings and the planner rules: phase 1 removes api+old from blue and
 * adds new to green; blue deploys (300 s); api's CNAME is repointed to green (60 s sync); phase 2
 * adds api to green, which deploys (300 s): 660 s = 11m 0s, 2 deployment waits; api is on no
 * distribution from blue's deployment to green's: 60 + 300 = 360 s = 6m 0s. Steps: 2 phase-1
 * updates, 2 waits, change-dns + wait-dns, the phase-2 update and its wait, 2 verifies = 10.
 */
export const BLUE = 'E1BLUEBLUEBLUE';
export const GREEN = 'E2GREENGREENGR';
export const CERT_BLUE = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-1111-4111-8111-111111111111';
const CERT_GREEN = 'arn:aws:acm:us-east-1:111111111111:certificate/22222222-2222-4222-8222-222222222222';

export function worldDocument(): Record<string, unknown> {
  return {
    version: 1,
    caller: '111111111111',
    now: '2026-12-01T02:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 60 },
    accounts: [
      {
        id: '111111111111',
        distributions: [
          {
            id: BLUE,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['api.example.com', 'old.example.com', 'www.example.com'],
            certificateArn: CERT_BLUE,
          },
          {
            id: GREEN,
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: CERT_GREEN,
          },
        ],
        certificates: [
          {
            arn: CERT_BLUE,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
          {
            arn: CERT_GREEN,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: 'new.example.com.', type: 'A', aliasTarget: { dnsName: 'd2green.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
            ],
          },
        ],
      },
    ],
  };
}

export function worldJson(): string {
  return `${JSON.stringify(worldDocument(), null, 2)}\n`;
}

export const DESIRED = `version: 1
account: "111111111111"
distributions:
  blue: ${BLUE}
  green: ${GREEN}
aliases:
  api.example.com:
    distribution: green
    strategy: detach-attach
  new.example.com: green
  old.example.com: null
`;

/** Only api moves: a plan with a single root step (R(blue)), for the stale-plan test. */
export const DESIRED_API_ONLY = `version: 1
distributions:
  blue: ${BLUE}
  green: ${GREEN}
aliases:
  api.example.com:
    distribution: green
    strategy: detach-attach
`;

/** green's certificate (example.com, *.example.com) does not cover shop.example.org: blocked. */
export const DESIRED_BLOCKED = `version: 1
distributions:
  green: ${GREEN}
aliases:
  shop.example.org: green
`;

/** Line 5, column 3: the uppercase key. */
export const DESIRED_BAD = `version: 1
distributions:
  green: ${GREEN}
aliases:
  WWW.example.com: green
`;
