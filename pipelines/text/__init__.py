"""pipelines/text"""
