import { describe, expect, it } from 'vitest';
import { nicknameGroup, nicknameTokens } from './nicknames.ts';

describe('nicknameGroup', () => {
  it.each([
    ['Bob', 'Robert'],
    ['Bill', 'William'],
    ['Liz', 'Elizabeth'],
    ['Kate', 'Katherine'],
    ['Mike', 'Michael'],
    ['Jim', 'James'],
    ['Tom', 'Thomas'],
    ['Dick', 'Richard'],
    ['Peggy', 'Margaret'],
    ['Catherine', 'Katherine'],
    ['MIKE', 'michael'],
    ['Tommie', 'Thomas'],
    ['Robby', 'Robert'],
    ['Jimmey', 'James'],
  ])('%s and %s are one group', (a, b) => expect(nicknameGroup(a)).toBe(nicknameGroup(b)));

  it.each([
    ['Robert', 'William'],
    ['John', 'James'],
    ['Emily', 'Emma'],
    ['Naomi', 'Thomas'],
  ])('%s and %s are not', (a, b) => expect(nicknameGroup(a)).not.toBe(nicknameGroup(b)));

  it('unknown names are their own group', () => expect(nicknameGroup('Taro')).toBe('taro'));
});

describe('nicknameTokens', () => {
  const related = (a: string, b: string) => {
    const tokens = new Set((nicknameTokens(a) ?? '').split('|'));
    return (nicknameTokens(b) ?? '').split('|').some((token) => token !== '' && tokens.has(token));
  };

  it.each([
    ['Bob', 'Robert'],
    ['Stephen', 'Steve'],
    ['Cindy', 'Cynthia'],
    ['Sandy', 'Sandra'],
    ['Kim', 'Kimberly'],
    ['Angie', 'Angela'],
    ['Nikki', 'Nicole'],
    ['Mandy', 'Amanda'],
    ['Dot', 'Dorothy'],
    ['Maggie', 'Peggy'],
    ['Sam', 'Samantha'],
    ['Sam', 'Samuel'],
    ['Tommie', 'Thomas'],
  ])('%s and %s share a token', (a, b) => expect(related(a, b)).toBe(true));

  it.each([
    ['Samuel', 'Samantha'],
    ['Christopher', 'Christine'],
    ['Alexander', 'Alexandra'],
    ['Emily', 'Emma'],
    ['Helen', 'Ellen'],
    ['Jane', 'Jean'],
    ['Robert', 'William'],
  ])('%s and %s do not (names in their own right, or two names that share a short form)', (a, b) => expect(related(a, b)).toBe(false));

  it('is null for a name without nicknames', () => expect(nicknameTokens('Taro')).toBeNull());
});
