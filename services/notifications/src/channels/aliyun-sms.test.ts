import { describe, expect, it } from 'vitest';
import { signRpc } from './aliyun-sms.ts';
import { mainlandMobile } from './phone.ts';

describe('Aliyun RPC signature', () => {
  it('reproduces the SendSms example of the published signature documentation', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(signRpc('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });
});

describe('mainland mobile numbers', () => {
  it('accepts +86, spaces and dashes, and refuses what is not a mobile number', () => {
    expect(mainlandMobile('+86 139 1234 5678')).toBe('13912345678');
    expect(mainlandMobile('0086-139-1234-5678')).toBe('13912345678');
    expect(mainlandMobile('021 6123 4567')).toBeNull();
    expect(mainlandMobile('1391234567')).toBeNull();
    expect(mainlandMobile(null)).toBeNull();
  });
});
