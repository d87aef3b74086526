import { retryOnConflict } from './ingestion.service.js';

describe('retryOnConflict', () => {
  const conflict = (code: string) => Object.assign(new Error('aborted'), { code });

  it('runs the work again when PostgreSQL aborted it for a deadlock or a serialization conflict', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls++;
      if (calls === 1) throw conflict('40P01');
      if (calls === 2) throw { driverError: { code: '40001' } }; // as TypeORM wraps it
      return 'stored';
    });
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('gives up after the attempts, and never retries other errors', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw conflict('40P01');
      }, 2),
    ).rejects.toThrow('aborted');
    expect(calls).toBe(2);

    calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw conflict('23505'); // a unique violation is a real error
      }),
    ).rejects.toThrow('aborted');
    expect(calls).toBe(1);
  });
});
