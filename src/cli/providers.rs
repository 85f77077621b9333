//! `byok-wizard providers`: the catalog as a table.

use crate::core::catalog::PROVIDERS;

pub fn run() {
    for p in PROVIDERS {
        let info = p.info();
        let bits: Vec<String> = info
            .wrapping_key_bits
            .iter()
            .map(|b| format!("RSA_{b}"))
            .collect();
        let token = match info.token {
            Some(crate::core::catalog::TokenEncoding::Base64) => "import token: base64 text",
            Some(crate::core::catalog::TokenEncoding::Binary) => "import token: binary",
            None => "no import token",
        };
        println!(
            "{} — {} (wrapping keys: {}; {token})",
            info.id,
            info.display_name,
            bits.join(", ")
        );
        for (spec, native) in info.spec_names {
            let algs: Vec<String> = p
                .offers_for(*spec)
                .iter()
                .map(|o| {
                    let mut s = o.algorithm.name().to_owned();
                    if o.recommended {
                        s.push_str(" (default)");
                    }
                    if o.deprecated {
                        s.push_str(" (deprecated)");
                    }
                    s
                })
                .collect();
            let name = if spec.common_name() == *native {
                native.to_string()
            } else {
                format!("{} = {native}", spec.common_name())
            };
            println!("  {name:<36} {}", algs.join(", "));
            println!("  {:<36} {}", "", spec.description());
            let key_algs = crate::core::clouds::cloud(*p).key_algorithms(*spec);
            if key_algs.len() > 1 {
                println!(
                    "  {:<36} key version algorithms (--key-algorithm): {} (default), {}",
                    "",
                    key_algs[0],
                    key_algs[1..].join(", ")
                );
            }
        }
        println!();
    }
    println!(
        "Refused on purpose (the byte format is not established; byok-wizard will not guess):"
    );
    for u in crate::core::catalog::UNSUPPORTED {
        println!("  {:<8} {:<16} {}", u.provider.id(), u.name, u.reason);
    }
}
