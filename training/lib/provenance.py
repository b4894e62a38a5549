"""How the exports and the model card name and license each collection a model can be trained on (the keys of
training/lib/data.py SOURCES). No torch here: the model card is written without it."""

DATA = {
    "ham10000": "HAM10000 (Tschandl, Rosendahl, Kittler, Sci Data 5:180161, 2018), 10,015 dermoscopic images of 7,470 lesions; lesion-grouped stratified split 70/15/15 (seed 20170125)",
    "isic2017": "ISIC 2017 challenge images (Codella et al., arXiv:1710.05006; ISIC Archive contributors other than HAM10000's two clinics): its train split (2,000 images) trained on, its val split (150) used for model selection, its test split only measured",
    "isic_archive_extra": "265 further ISIC Archive images (mostly melanoma)",
}
ISIC_LICENCE = "ISIC Archive images: attributed (ISIC, Codella et al. 2017) and used non-commercially"
