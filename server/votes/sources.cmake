# The votes module's sources (ballots; counting is its own library in counting/).
