"""Recurrent layers: RNN and its cells, SimpleRNN, LSTM, GRU, Bidirectional, ConvLSTM."""

from kbackend.layers.rnn.bidirectional import Bidirectional
from kbackend.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from kbackend.layers.rnn.gru import GRU, GRUCell
from kbackend.layers.rnn.lstm import LSTM, LSTMCell
from kbackend.layers.rnn.rnn import RNN
from kbackend.layers.rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from kbackend.layers.rnn.stacked_rnn_cells import StackedRNNCells

PUBLIC_CLASSES = (
    Bidirectional, ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, GRU, GRUCell, LSTM, LSTMCell, RNN,
    SimpleRNN, SimpleRNNCell, StackedRNNCells,
)

__all__ = [cls.__name__ for cls in PUBLIC_CLASSES]
