"""Fashion-MNIST as a TensorFlow Datasets builder that prepares itself from the vendored files.

TFDS's own ``fashion_mnist`` builder downloads from the internet; this one reads the same
data offline, so TFDS idioms (``tfds.load``, split slicing such as ``"train[:90%]"``,
``as_supervised``) work unchanged::

    import labs_utils.tfds_data  # registers "labs_fashion_mnist"
    ds = tfds.load("labs_fashion_mnist", split="train[:90%]", as_supervised=True)
"""
import logging

import tensorflow_datasets as tfds

from .data import FASHION_MNIST_CLASS_NAMES, data_dir, load_fashion_mnist

NAME = "labs_fashion_mnist"

tfds.disable_progress_bar()  # tqdm bars would flood notebook stderr while the dataset is prepared


class _QuietFirstPreparation(logging.Filter):
    """Drops TFDS's warnings that our dataset folder is empty: true, and expected, before it is prepared."""

    def filter(self, record):
        return not (str(record.msg).startswith("Variant folder") and NAME in str(record.args))


logging.getLogger("absl").addFilter(_QuietFirstPreparation())


class LabsFashionMnist(tfds.core.GeneratorBasedBuilder):
    """Fashion-MNIST (Zalando, MIT licence) built from ``data/fashion-mnist``."""

    VERSION = tfds.core.Version("1.0.0")
    RELEASE_NOTES = {"1.0.0": "Built offline from the vendored Fashion-MNIST files."}

    def _info(self):
        return self.dataset_info_from_configs(
            description="Fashion-MNIST: 70,000 28x28 grayscale images of 10 clothing classes.",
            features=tfds.features.FeaturesDict({
                "image": tfds.features.Image(shape=(28, 28, 1)),
                "label": tfds.features.ClassLabel(names=list(FASHION_MNIST_CLASS_NAMES)),
            }),
            supervised_keys=("image", "label"),
            homepage="https://github.com/zalandoresearch/fashion-mnist",
        )

    # TFDS announces a "download" of unknown size; nothing is downloaded here, so say what happens.
    def _log_download_bytes(self):
        print(f"Preparing {NAME} from {data_dir() / 'fashion-mnist'} (no download; once, about 10-30 s) "
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
