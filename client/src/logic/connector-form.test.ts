import { checkConnectorForm, emptyConnectorForm, formOf } from './connector-form';

describe('connector form', () => {
  it('names the id, the name and a config that is not a JSON object', () => {
    const form = { ...emptyConnectorForm(), id: 'Bad Id', name: ' ', config: '{"url": ' };
    expect(checkConnectorForm(form, 'create')).toEqual({
      errors: { id: 'format', name: 'required', config: 'json' },
      body: null,
    });
    expect(checkConnectorForm({ ...form, id: '' }, 'create').errors.id).toBe('required');
    expect(checkConnectorForm({ ...form, id: 'ok-id', name: 'x', config: '[1]' }, 'create').errors).toEqual({
      config: 'json',
    });
  });

  it('builds the create body, and the edit body without id and kind', () => {
    const form = {
      ...emptyConnectorForm(),
      id: 'dvc-hanoi',
      kind: 'csv' as const,
      name: ' Cổng DVC ',
      schedule: ' ',
      config: '{"url":"https://x/a.csv","token":"********"}',
    };
    expect(checkConnectorForm(form, 'create').body).toEqual({
      id: 'dvc-hanoi',
      kind: 'csv',
      name: 'Cổng DVC',
      schedule: null,
      enabled: true,
      config: { url: 'https://x/a.csv', token: '********' },
    });
    expect(checkConnectorForm(form, 'edit').body).toEqual({
      name: 'Cổng DVC',
      schedule: null,
      enabled: true,
      config: { url: 'https://x/a.csv', token: '********' },
    });
  });

  it('fills the form from a connector, the masked secret left as it came', () => {
    const form = formOf({
      id: 'a',
      kind: 'sql',
      name: 'A',
      schedule: null,
      enabled: false,
      config: { password: '********' },
    });
    expect(form).toMatchObject({ id: 'a', kind: 'sql', schedule: '', enabled: false });
    expect(JSON.parse(form.config)).toEqual({ password: '********' });
  });
});
