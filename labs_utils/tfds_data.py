"""Fashion-MNIST as a TensorFlow Datasets builder that prepares itself from the vendored files.

TFDS's own ``fashion_mnist`` builder downloads from the internet; this one reads the same
data offline, so TFDS idioms (``tfds.load``, split slicing such as ``"train[:90%]"``,
``as_supervised``) work unchanged::

    import labs_utils.tfds_data  # registers "labs_fashion_mnist"
    ds = tfds.load("labs_fashion_mnist", split="train[:90%]", as_supervised=True)
"""
import logging

import numpy as np
import tensorflow_datasets as tfds

from .data import FASHION_MNIST_CLASS_NAMES, data_dir, load_fashion_mnist

NAME = "labs_fashion_mnist"

tfds.disable_progress_bar()  # tqdm bars would flood notebook stderr while the dataset is prepared


class _TfdsNoise(logging.Filter):
    """Drops two TFDS warnings a student cannot act on: that our dataset folder is empty (true, and
    expected, before the first preparation) and TFDS's own use of a deprecated field when it decodes
    byte-encoded tensors."""

    def filter(self, record):
        message = str(record.msg)
        empty_folder = message.startswith("Variant folder") and NAME in str(record.args)
        return not (empty_folder or "`FeatureConnector.dtype` is deprecated" in message)


logging.getLogger("absl").addFilter(_TfdsNoise())


class LabsFashionMnist(tfds.core.GeneratorBasedBuilder):
    """Fashion-MNIST (Zalando, MIT licence) built from ``data/fashion-mnist``."""

    VERSION = tfds.core.Version("1.1.0")
    # Keep the files' order (as Keras's loader does) instead of hashing 70,000 keys into a shuffle.
    disable_shuffling = True
    RELEASE_NOTES = {"1.0.0": "Built offline from the vendored Fashion-MNIST files.",
                     "1.1.0": "Images stored as raw uint8 tensors: preparing takes seconds, not PNG-encoding 70,000 images."}

    def _info(self):
        return self.dataset_info_from_configs(
            description="Fashion-MNIST: 70,000 28x28 grayscale images of 10 clothing classes.",
            features=tfds.features.FeaturesDict({
                # Decoded exactly like tfds.features.Image: uint8, (28, 28, 1).
                "image": tfds.features.Tensor(shape=(28, 28, 1), dtype=np.uint8, encoding="bytes"),
                "label": tfds.features.ClassLabel(names=list(FASHION_MNIST_CLASS_NAMES)),
            }),
            supervised_keys=("image", "label"),
            homepage="https://github.com/zalandoresearch/fashion-mnist",
        )

    # TFDS announces a "download" of unknown size; nothing is downloaded here, so say what happens.
    def _log_download_bytes(self):
        print(f"Preparing {NAME} from {data_dir() / 'fashion-mnist'} (no download; once, a few seconds) "
              f"into {self.data_dir} ...", flush=True)

    def _log_download_done(self):
        print(f"{NAME} is ready; later loads reuse it.", flush=True)

    def _split_generators(self, dl_manager):
        del dl_manager  # nothing to download: the files are in the repository
        (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
        return {"train": self._generate_examples(x_train, y_train),
                "test": self._generate_examples(x_test, y_test)}

    def _generate_examples(self, images, labels):
        for i, (image, label) in enumerate(zip(images, labels)):
            yield i, {"image": image[..., None], "label": int(label)}
