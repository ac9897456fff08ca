"""Lab 00's exercise checks."""
import numpy as np

from labs_utils import checks
from labs_utils.profiles import base_seed


def to_model_input(answer, images):
    """Exercise 1: uint8 (n, 28, 28) images to float32 (n, 28, 28, 1) in [0, 1]."""
    sample = np.asarray(images[:32])
    with checks.exercise("to_model_input"):
        result = answer(sample)
        checks.check_shape(result, (len(sample), 28, 28, 1), name="to_model_input shape",
                           hint="one trailing axis of size 1 for the channel, after the 28 x 28 pixels")
        checks.check_array(result, sample.reshape(len(sample), 28, 28, 1) / 255.0, dtype="float32",
                           name="to_model_input values", hint="the pixel values run from 0 to 255; the model "
                                                              "wants them from 0 to 1, as float32")


def standardize(answer):
    """Exercise 2: every column to mean 0 and standard deviation 1."""
    rng = np.random.default_rng(0)
    features = rng.normal(loc=[0.0, 5.0, -3.0, 100.0], scale=[1.0, 0.5, 4.0, 20.0], size=(500, 4)).astype("float32")
    expected = (features - features.mean(axis=0)) / features.std(axis=0)
    with checks.exercise("standardize"):
        checks.check_array(answer(features), expected, atol=1e-4, name="standardize",
                           hint="each column gets its own mean and standard deviation: reduce over the samples")


def dataset_accuracy(answer, model, valid_ds, x_valid, y_valid):
    """Exercise 3: accuracy over a batched dataset, of any size, possibly shuffled."""
    some = valid_ds.unbatch().take(1001)
    uneven = some.batch(200)                                         # five batches of 200, then one image
    shuffled = some.shuffle(1001, seed=base_seed()).batch(200)       # a new order on every pass
    expected = np.mean(np.asarray(model(x_valid[:1001])).argmax(axis=1) == y_valid[:1001])   # valid_ds keeps its order
    with checks.exercise("dataset_accuracy"):
        checks.check_number(answer(model, uneven), expected, rtol=0, atol=1e-6,
                            name="accuracy on 1,001 validation images in batches of 200",
                            hint="count the correct predictions in every batch and divide by the number of "
                                 "examples; a mean of per-batch accuracies overweights the last, smaller batch")
        checks.check_number(answer(model, shuffled), expected, rtol=0, atol=1e-6,
                            name="accuracy on the same images, shuffled",
                            hint="a shuffled dataset yields a new order on every pass: take each batch's "
                                 "predictions and labels from the same pass")
