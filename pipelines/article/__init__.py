"""pipelines/article"""
