import { deliveryBackoffMs } from './delivery-backoff';

describe('the wait between claim file delivery attempts', () => {
  const policy = { backoffMs: 1000, maxBackoffMs: 10_000 };

  it('doubles from backoffMs, half of it fixed and half jittered', () => {
    expect([1, 2, 3].map((n) => deliveryBackoffMs(n, policy, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => deliveryBackoffMs(n, policy, () => 1))).toEqual([1000, 2000, 4000]);
    expect(deliveryBackoffMs(2, policy, () => 0.5)).toBe(1500);
  });

  it('never grows past maxBackoffMs, however many attempts failed', () => {
    expect(deliveryBackoffMs(5, policy, () => 1)).toBe(10_000);
    expect(deliveryBackoffMs(60, policy, () => 1)).toBe(10_000);
    expect(deliveryBackoffMs(60, policy, () => 0)).toBe(5000);
  });
});
