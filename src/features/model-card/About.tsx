/** Data provenance, backbone, intended use, the next-step rule and known limits: the prose half of the model card. */
import { countWord, formatPercent } from '../../core/format';
import { MALIGNANT_LEANING, NEAR_BOUNDARY, REFER_ABOVE, UNSURE_BELOW } from '../../core/next-step';

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Props of {@link About}. */
export interface AboutProps {
  /** Model version from metrics.json, if known. */
  version?: string;
  /** Date the metrics were computed, if known. */
  created?: string;
  /** The collections the weights were trained on (metrics.json model.trained_on); HAM10000 alone when absent. */
  trainedOn?: string[];
  /** How many diagnoses the model tells apart (taxonomy.json's leaves), if known. */
  diagnoses?: number;
}

/** Static facts about where the model comes from and what it must not be used for. */
export function About({ version, created, trainedOn, diagnoses }: AboutProps) {
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
      <section className="card-subsection" aria-label="Next step" data-testid="card-next-step">
        <h4>The next step the page gives</h4>
        <p>One rule gives every result its next step, and it never reassures where the model is weak:</p>
        <ul className="card-list">
          <li>“See a doctor soon” when the malignant group has {formatPercent(MALIGNANT_LEANING)} or more, whatever the photo.</li>
          <li>
            “Keep an eye on it” only when the malignant group has under {formatPercent(REFER_ABOVE)}, the top diagnosis at least {formatPercent(UNSURE_BELOW)},
            and the photo is the kind the model's numbers were measured on: said to be taken through a dermatoscope, the photo-kind check agreeing, and far from
            both boundaries (under {formatPercent(NEAR_BOUNDARY.oodRatio)} of the out-of-scope distance, and dermoscopic by the check at{' '}
            {formatPercent(NEAR_BOUNDARY.dermoscopic)} or more).
          </li>
          <li>
            Otherwise “have a doctor or nurse look”: always for a photo taken without a dermatoscope, one the model is unsure of, one near a boundary, and one
            whose kind the person did not give, because many phone photos pass the photo-kind check as dermoscopic.
          </li>
        </ul>
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
          <li>
            {diagnoses ? `${capitalised(countWord(diagnoses))} diagnoses only` : 'Only the diagnoses it was trained on'}; anything else is forced into one of
            them unless the out-of-scope test declines it.
          </li>
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
