"""What the pipeline steps share: data, model, metrics, the tfjs graph reader and writer, shifts, saliency."""
