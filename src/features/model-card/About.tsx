/** Data provenance, backbone, intended use and known limits: the prose half of the model card. */

/** Props of {@link About}. */
export interface AboutProps {
  /** Model version from metrics.json, if known. */
  version?: string;
  /** Date the metrics were computed, if known. */
  created?: string;
  /** The collections the weights were trained on (metrics.json model.trained_on); HAM10000 alone when absent. */
  trainedOn?: string[];
}

/** Static facts about where the model comes from and what it must not be used for. */
export function About({ version, created, trainedOn }: AboutProps) {
  const isic = trainedOn?.includes('isic2017') ?? false;
  return (
    <div className="card-about">
      <section className="card-subsection" aria-label="Intended use">
        <h4>Intended use</h4>
        <p>
          Screening practice and teaching: showing how a classifier like Esteva et al. (2017) reasons over a disease taxonomy.{' '}
          <strong>It is not a diagnosis.</strong> Any changing, bleeding or worrying spot needs a doctor, whatever this tool says.
        </p>
      </section>
      <section className="card-subsection" aria-label="Limits">
        <h4>Limits</h4>
        <ul className="card-list">
          <li>Trained and tested on dermoscopic images only; phone photos without a dermatoscope are out of scope.</li>
          <li>The data carry no skin-tone information, so performance on darker skin is unknown.</li>
          <li>
            {isic
              ? "The internal test split comes from HAM10000's two clinics, like most of the training data; the other clinics' results below are lower."
              : 'The internal test split comes from the same sources as the training data (essentially one clinic network); results elsewhere will be lower.'}
          </li>
          <li>Seven diagnoses only; anything else is forced into one of them unless the out-of-scope test declines it.</li>
        </ul>
      </section>
      <section className="card-subsection" aria-label="Data and model provenance">
        <h4>Data and model</h4>
        <ul className="card-list">
          <li>
            Data: HAM10000 (Tschandl, Rosendahl &amp; Kittler, Scientific Data 5:180161, 2018), licensed CC BY-NC 4.0: non-commercial use with attribution.
            Splits are grouped by lesion.
          </li>
          {isic && (
            <li data-testid="trained-on-isic">
              Also trained on ISIC Archive images from other contributors: the ISIC 2017 challenge's 2,000 training images (Codella et al., 2017)
              {trainedOn?.includes('isic_archive_extra') ? ' and 265 further archive images' : ''}, attributed and used non-commercially. The challenge's
              validation images helped choose the model; its test images and PH2 were only measured.
            </li>
          )}
          <li>Backbone: MobileNetV2 pretrained on ImageNet, Apache-2.0, fine-tuned in training/.</li>
          <li>
            Model version {version ?? 'not available'}
            {created ? `, evaluated ${created}` : ''}.
          </li>
        </ul>
      </section>
    </div>
  );
}
