//! The five pages of the wizard, in display order (the window gives them their titles).

/// One page of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Provider, key spec, wrapping algorithm, key id.
    CloudAndKey,
    /// The wrapping public key (or the get-parameters JSON) and the import token.
    WrappingKey,
    /// Generate or load the key material; the backup of generated material.
    KeyMaterial,
    /// Generate (if asked) and wrap on a background thread.
    Wrap,
    /// Write the bundle to a folder; console steps and the CLI line.
    Export,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::CloudAndKey,
        Step::WrappingKey,
        Step::KeyMaterial,
        Step::Wrap,
        Step::Export,
    ];

    /// 1-based position, for "Step 2 of 5".
    pub fn number(self) -> usize {
        self.index() + 1
    }

    /// 0-based position.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    /// The step before this one, if any.
    pub fn previous(self) -> Option<Step> {
        self.index()
            .checked_sub(1)
            .and_then(|i| Step::ALL.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_in_order_and_linked() {
        assert_eq!(Step::CloudAndKey.previous(), None);
        assert_eq!(Step::Export.next(), None);
        for w in Step::ALL.windows(2) {
            assert_eq!(w[0].next(), Some(w[1]));
            assert_eq!(w[1].previous(), Some(w[0]));
        }
        assert_eq!(Step::Wrap.number(), 4);
    }
}
