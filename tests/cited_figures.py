"""Figures typed into notebook markdown on purpose: cited (the notes, papers, peer courses) or fixed by
arithmetic, never by a run. ``tests/test_prose_numbers.py`` fails on any other run-dependent-looking
figure in markdown; a figure a run produces must be rendered from the run (``labs_utils.findings.show``).

Keyed by notebook, then by the figure exactly as the scan finds it, with where it comes from.
"""
CITED = {
    "00_setup": {
    },
    "01_autodiff": {
        "10×": "the notes (000), Momentum Optimization: 下降速度会比普通梯度下降快10倍 (≈10× faster than plain "
               "gradient descent)",
        "≈ 0.73": "the notes (000), 整体 Backpropagation: the sigmoid neuron's output 0.73 at w = (2, -3, -3), "
                  "x = (-1, -2) (also fixed by arithmetic: σ(1) = 0.7311)",
    },
    "02_mlp": {
        "5%": "the second notes (004): about 5% of the brain's neurons are active at a time",
        "50%": "the second notes (004): a sigmoid network's activation rate is about 50%",
        "30%": "the second notes (004): 15%-30% activation is claimed to be ideal",
        "97%": "the notes (000): MNIST reaches 97% with one hidden layer of a few hundred neurons",
        "98%": "the notes (000): MNIST reaches 98% with two hidden layers",
        "41%": "arithmetic: 150-150 has 141,910 parameters, 300 has 238,510; 1 - 141910/238510 = 40.5%",
        "0.8864": "handson-ml3 (Géron), chapter 10: the Sequential MLP's Fashion-MNIST test accuracy after 30 epochs",
        "0.8833": "the Fashion-MNIST benchmark table (zalandoresearch): MLPClassifier 256-128-100",
    },
    "03_regularization": {
        # The notes (Dropout): "even state-of-the-art networks gain 1%-2% accuracy ... at 95% accuracy, 2% more
        # means the error rate falls by about 40%, from 5% to 3%" (arithmetic: (5 - 3) / 5 = 40%).
        "2%": "the notes: dropout adds 1-2% accuracy; +2% at 95% accuracy",
        "95%": "the notes: a model already at 95% accuracy",
        "40%": "the notes: 5% -> 3% error is about 40% fewer errors (arithmetic)",
        "5%": "the notes: error rate 5% at 95% accuracy",
        "3%": "the notes: error rate 3% after +2 points",
    },
    "04_initialization_activations": {
        "4×": "the deeplearning.net (Theano) MLP tutorial and Bengio (2012), 'Practical recommendations': "
              "4x Glorot's limit for sigmoid units (the logistic's slope at 0 is 1/4); also 'shrinks by about 4x "
              "per layer' (arithmetic from that slope)",
        "5%": "the second notes: about 5% of a brain's neurons are active at a time",
        "50%": "the second notes: a sigmoid network's activation rate is about 50%",
        "30%": "the second notes: a paper they cite calls an activation rate of 15-30% ideal",
    },
    "07_convolution_pooling": {
        "4×": "arithmetic: 2 x 2 pooling with stride 2 halves height and width, so the area is 4 times smaller",
        "75%": "arithmetic (and the notes, 池化): 2 x 2 pooling with stride 2 keeps 1 value in 4, dropping 75%",
    },
}

# Labs whose prose is not yet rendered from the run (issue 13); the scan reports them as expected failures.
PENDING = {"05_batch_normalization", "06_transfer_learning", "08_cnn_lenet5"}
