import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from labs_utils import plots  # noqa: E402

HISTORY = {"loss": [1.0, 0.5, 0.4], "accuracy": [0.6, 0.8, 0.85],
           "val_loss": [1.1, 0.7, 0.6], "val_accuracy": [0.55, 0.75, 0.8]}


def teardown_function():
    plt.close("all")


def test_learning_curves_one_and_several_histories():
    fig = plots.plot_learning_curves(HISTORY)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    assert len(fig.axes[0].lines) == 2  # train + validation
    train, valid = fig.axes[0].lines   # a training mean belongs to mid-epoch, validation to its end
    assert list(train.get_xdata()) == [x - 0.5 for x in valid.get_xdata()] and valid.get_xdata()[0] == 1

    class FakeHistory:
        history = HISTORY

    fig = plots.plot_learning_curves({"sgd": FakeHistory(), "adam": HISTORY}, metrics=["accuracy"])
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 4
    with pytest.raises(KeyError, match="auc"):
        plots.plot_learning_curves(HISTORY, metrics=["auc"])
    with pytest.raises(TypeError):
        plots.plot_learning_curves([1, 2, 3])


def test_image_grid_marks_wrong_predictions():
    images = np.zeros((10, 28, 28, 1))
    labels = np.arange(10)
    preds = labels.copy()
    preds[3] = 5
    fig = plots.plot_image_grid(images, labels, class_names=list("abcdefghij"), predictions=preds, n_cols=5)
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert len(titled) == 10
    assert titled[3].get_title() == "f\n(true: d)" and titled[3].title.get_color() == "red"
    with pytest.raises(ValueError, match="images must have shape"):
        plots.plot_image_grid(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="labels has 3 entries for 10 images"):
        plots.plot_image_grid(images, labels[:3])


def test_confusion_matrix_counts_and_plot():
    y_true = [0, 0, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 2, 0, 2]
    np.testing.assert_array_equal(plots.confusion_matrix(y_true, y_pred),
                                  [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    fig = plots.plot_confusion_matrix(y_true, y_pred, class_names=["a", "b", "c"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:3] == ["0.50", "0.50", "0.00"]
    with pytest.raises(ValueError, match="labels"):
        plots.confusion_matrix([0, 1], [0])
