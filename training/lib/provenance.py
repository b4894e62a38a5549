"""How the exports and the model card name and license each collection a model can be trained on (the keys of
training/lib/data.py SOURCES). No torch here: the model card is written without it."""

DATA = {
    "ham10000": (
        "HAM10000 (Tschandl, Rosendahl, Kittler, Sci Data 5:180161, 2018), 10,015 dermoscopic images of 7,470 lesions; lesion-grouped stratified "
        "split 70/15/15 (seed 20170125)"
    ),
    "isic2017": (
        "ISIC 2017 challenge images (Codella et al., arXiv:1710.05006; ISIC Archive contributors other than HAM10000's two clinics): its train split "
        "(2,000 images) trained on, its val split (150) used for model selection, its test split only measured"
    ),
    "isic_archive_extra": "265 further ISIC Archive images (mostly melanoma)",
}
# Collections used to fit and measure the photo-kind check (and, where a model lists them in trained_on, to train it),
# with the attribution their PROVENANCE.md asks for.
PHOTO_DATA = {
    "pad_ufes20": 'PAD-UFES-20 (Pacheco, A. G. C. et al. (2020) "PAD-UFES-20: a skin lesion dataset composed of patient data and clinical images '
    'collected from smartphones", Mendeley Data, V1, doi:10.17632/zr7vgbcyr2.1), CC BY 4.0: 774 of its smartphone photos, split by patient',
    "isic2024_tiles": "International Skin Imaging Collaboration. SLICE-3D 2024 Permissive Challenge Dataset. International Skin Imaging "
    "Collaboration https://doi.org/10.34970/2024-slice-3d-permissive (2024), CC BY 4.0; images from Memorial Sloan Kettering "
    "Cancer Center, FNQH Cairns, The University of Queensland, Melanoma Institute Australia and University of Athens Medical "
    "School: 5,294 of its total-body-photo tiles",
}
ISIC_LICENCE = "ISIC Archive images: attributed (ISIC, Codella et al. 2017) and used non-commercially"
