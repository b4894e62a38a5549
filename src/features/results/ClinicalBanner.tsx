/** The warning over every view of a result shown anyway for a photo taken without a dermatoscope. */

/** Props of {@link ClinicalBanner}. */
export interface ClinicalBannerProps {
  /** Which view it heads (result, sunburst, saliency, map): names its test id. */
  view: string;
}

/** The banner: plain text, not a live region (it repeats on every view; the notice before it was announced). */
export function ClinicalBanner({ view }: ClinicalBannerProps) {
  return (
    <p className="clinical-banner" data-testid={`clinical-banner-${view}`}>
      <strong>Unreliable: photo taken without a dermatoscope.</strong> This model was trained only on dermatoscope images, so this guess is shown for teaching
      only and may be wrong. See a doctor about any spot that worries you.
    </p>
  );
}
