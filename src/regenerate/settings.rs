//! The effective settings for one article: `[regenerate]` of its configuration with the
//! command line on top.

use super::backend::HttpSettings;
use crate::config::{Config, ImageConfig, WriterConfig};

/// Command-line values that override `[regenerate]`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub max_revisions: Option<u32>,
    pub images: Option<bool>,
    pub backup: Option<bool>,
    pub writer_url: Option<String>,
    pub writer_model: Option<String>,
    pub image_url: Option<String>,
    pub image_model: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_revisions: u32,
    pub images: bool,
    pub backup: bool,
    /// Images the article should have.
    pub min_images: usize,
    pub keep_front_matter: Vec<String>,
    pub writer: WriterConfig,
    pub image: ImageConfig,
    pub http: HttpSettings,
}

impl Settings {
    pub fn resolve(config: &Config, o: &Overrides) -> Result<Settings, String> {
        let r = &config.regenerate;
        let mut writer = r.writer.clone();
        let mut image = r.image.clone();
        if let Some(u) = &o.writer_url {
            writer.url = u.clone();
        }
        if let Some(m) = &o.writer_model {
            writer.model = m.clone();
        }
        if let Some(u) = &o.image_url {
            image.url = u.clone();
        }
        if let Some(m) = &o.image_model {
            image.model = m.clone();
        }
        let max_revisions = o.max_revisions.unwrap_or(r.max_revisions);
        if max_revisions == 0 {
            return Err("--max-revisions must be at least 1".into());
        }
        if r.max_output_bytes == 0 {
            return Err("[regenerate] max_output_bytes must be at least 1".into());
        }
        Ok(Settings {
            max_revisions,
            images: o.images.unwrap_or(r.images),
            backup: o.backup.unwrap_or(r.backup),
            min_images: image.min_images.unwrap_or(config.seo.min_images),
            keep_front_matter: r.keep_front_matter.clone(),
            writer,
            image,
            http: HttpSettings {
                max_output_bytes: r.max_output_bytes,
                ..HttpSettings::from_config(&r.http)
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_overrides_config() {
        let config = Config::from_toml_str(
            "[regenerate]\nimages = true\n[regenerate.writer]\nmodel = \"from-config\"\n",
            None,
        )
        .unwrap();
        let s = Settings::resolve(&config, &Overrides::default()).unwrap();
        assert!(s.images);
        assert_eq!(s.writer.model, "from-config");
        assert_eq!(s.min_images, 1, "[seo] min_images");
        let o = Overrides {
            max_revisions: Some(5),
            images: Some(false),
            writer_model: Some("llama3.1".into()),
            writer_url: Some("http://localhost:11434/v1".into()),
            ..Overrides::default()
        };
        let s = Settings::resolve(&config, &o).unwrap();
        assert_eq!((s.max_revisions, s.images), (5, false));
        assert_eq!(s.writer.model, "llama3.1");
        assert_eq!(s.writer.url, "http://localhost:11434/v1");
        let zero = Overrides {
            max_revisions: Some(0),
            ..Overrides::default()
        };
        assert!(Settings::resolve(&config, &zero).is_err());
    }
}
