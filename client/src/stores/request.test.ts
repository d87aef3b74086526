import { HttpError } from '../api/http';
import { errorOf } from './request';
import { flattenAgencies } from './catalog';

describe('request errors as the views show them', () => {
  it('turns 403 and 404 into states and names the fields of a 400', () => {
    expect(errorOf(new HttpError(403, { statusCode: 403, error: 'Forbidden', message: 'no' }))).toBe('forbidden');
    expect(errorOf(new HttpError(404, { statusCode: 404, error: 'Not Found', message: 'x' }))).toBe('not_found');
    expect(
      errorOf(
        new HttpError(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'invalid body',
          fields: [{ field: 'reason', reason: 'must not be blank' }],
        }),
      ),
    ).toBe('invalid body (reason: must not be blank)');
    expect(errorOf(new Error('Failed to fetch'))).toBe('Failed to fetch');
  });
});

describe('agency tree', () => {
  it('flattens depth first, keeping the depth for indentation', () => {
    const tree = [
      {
        code: 'hn',
        name: 'Hà Nội',
        kind: 'city',
        children: [
          {
            code: 'vt',
            name: 'Vĩnh Tuy',
            kind: 'ward',
            children: [{ code: 'vt-ca', name: 'CA', kind: 'x', children: [] }],
          },
          { code: 'dd', name: 'Đống Đa', kind: 'ward', children: [] },
        ],
      },
    ];
    expect(flattenAgencies(tree).map((a) => [a.code, a.depth])).toEqual([
      ['hn', 0],
      ['vt', 1],
      ['vt-ca', 2],
      ['dd', 1],
    ]);
  });
});
