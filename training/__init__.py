"""The offline pipeline that writes public/model/ (training/README.md). Run its steps as python3 -m training.<step>."""
