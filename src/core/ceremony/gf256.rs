//! Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2), and
//! Shamir secret sharing over it, byte by byte, with x-coordinates 1..n.
//!
//! Written here because the maintained Shamir crates pick their own (random) x-coordinates or
//! another field, and the ceremony contract fixes x = the custodian's index. It is small; the
//! field is checked against FIPS 197's worked examples and the sharing against an independent
//! Python implementation (`tests/oracle/shamir.py`).

/// a·b in GF(2^8) (FIPS 197 §4.2: multiplication modulo m(x) = 0x11B), constant time in its
/// inputs (no table lookups, no data-dependent branches).
pub fn mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    for _ in 0..8 {
        p ^= a & 0u8.wrapping_sub(b & 1);
        let carry = 0u8.wrapping_sub(a >> 7);
        a = (a << 1) ^ (0x1B & carry);
        b >>= 1;
    }
    p
}

/// a^-1 (a ≠ 0) as a^254, by square-and-multiply; 0 for 0.
pub fn inv(a: u8) -> u8 {
    let mut result = 1u8;
    let mut base = a;
    let mut e = 254u8;
    while e > 0 {
        if e & 1 == 1 {
            result = mul(result, base);
        }
        base = mul(base, base);
        e >>= 1;
    }
    result
}

/// f(x) = c[0] + c[1]·x + … (Horner).
fn eval(coefficients: &[u8], x: u8) -> u8 {
    coefficients
        .iter()
        .rev()
        .fold(0u8, |acc, &c| mul(acc, x) ^ c)
}

/// Split `secret` into `n` shares of which any `m` recover it: for each byte, a random polynomial
/// of degree m−1 whose constant term is the byte; share i (1-based) is the polynomials at x = i.
/// `random` supplies (m−1)·len bytes of coefficients.
pub fn split(secret: &[u8], m: usize, n: usize, random: &[u8]) -> Vec<Vec<u8>> {
    assert!(2 <= m && m <= n && n <= 255, "2 <= m <= n <= 255");
    assert_eq!(
        random.len(),
        (m - 1) * secret.len(),
        "random bytes for the coefficients"
    );
    let mut shares = vec![Vec::with_capacity(secret.len()); n];
    let mut coefficients = zeroize::Zeroizing::new(vec![0u8; m]);
    for (k, &byte) in secret.iter().enumerate() {
        coefficients[0] = byte;
        coefficients[1..].copy_from_slice(&random[k * (m - 1)..(k + 1) * (m - 1)]);
        for (i, share) in shares.iter_mut().enumerate() {
            share.push(eval(&coefficients, (i + 1) as u8));
        }
    }
    shares
}

/// Recover the secret from shares `(x, bytes)` with distinct non-zero x (Lagrange interpolation
/// at 0). With fewer than the threshold the result is some other value: the caller checks the
/// key check value.
pub fn combine(shares: &[(u8, &[u8])]) -> Vec<u8> {
    let len = shares.first().map(|s| s.1.len()).unwrap_or(0);
    // l_i(0) = Π_{j≠i} x_j / (x_j − x_i); subtraction is XOR.
    let weights: Vec<u8> = shares
        .iter()
        .enumerate()
        .map(|(i, (xi, _))| {
            shares
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .fold(1u8, |acc, (_, (xj, _))| mul(acc, mul(*xj, inv(xj ^ xi))))
        })
        .collect();
    (0..len)
        .map(|k| {
            shares
                .iter()
                .zip(&weights)
                .fold(0u8, |acc, ((_, y), w)| acc ^ mul(y[k], *w))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips_197_worked_examples() {
        // §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}.
        assert_eq!(mul(0x57, 0x83), 0xC1);
        assert_eq!(mul(0x57, 0x13), 0xFE);
        // §5.1.1: the multiplicative inverse of {53} is {ca}.
        assert_eq!(inv(0x53), 0xCA);
        for a in 1..=255u8 {
            assert_eq!(mul(a, inv(a)), 1, "{a:#x}");
        }
    }

    #[test]
    fn any_m_shares_recover_the_secret() {
        let secret: Vec<u8> = (0..32).map(|i| (i * 37 + 11) as u8).collect();
        let random: Vec<u8> = (0..64).map(|i| (i * 91 + 5) as u8).collect();
        let shares = split(&secret, 3, 5, &random);
        for a in 0..5 {
            for b in a + 1..5 {
                for c in b + 1..5 {
                    let pick = [
                        ((a + 1) as u8, shares[a].as_slice()),
                        ((b + 1) as u8, shares[b].as_slice()),
                        ((c + 1) as u8, shares[c].as_slice()),
                    ];
                    assert_eq!(combine(&pick), secret);
                }
            }
        }
        // Two shares give something else.
        let two = [(1u8, shares[0].as_slice()), (2u8, shares[1].as_slice())];
        assert_ne!(combine(&two), secret);
    }
}
