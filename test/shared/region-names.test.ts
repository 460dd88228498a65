import { describe, expect, it } from 'vitest';
import { regionName } from '../../shared/region-names';

describe('regionName', () => {
  it('names the scenario regions, never the code', () => {
    expect(regionName('430100')).toBe('长沙市');
    expect(regionName('410202', '410202')).toBe('开封市龙亭区');
  });
  it('falls back to the province for codes outside the dictionary', () => {
    expect(regionName('431199', '410202')).toBe('外省（湖南）');
    expect(regionName('419901', '410202')).toBe('本省其他地区（河南）');
    expect(regionName('990000')).toBe('未知地区');
  });
  it('a city code covers its districts', () => {
    expect(regionName('430199')).toBe('长沙市');
  });
});
